package dev.governor.cli;

/** How a command prints data: an aligned table for people, JSON for scripts. */
enum OutputFormat {
  TABLE, JSON
}
