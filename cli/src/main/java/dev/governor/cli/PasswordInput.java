package dev.governor.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A password from the terminal (asked twice, not echoed) or, for scripts, the first line of
 * standard input. Never from a flag: a command line is visible to every user of the machine.
 */
final class PasswordInput {

  private PasswordInput() {}

  static String read(boolean fromStdin, String who) {
    if (fromStdin) {
      try {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) throw new CliFailure("standard input holds no password: pipe it in, one line");
        return line;
      } catch (IOException e) {
        throw new CliFailure("cannot read the password from standard input: " + e.getMessage());
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new CliFailure("no terminal to ask for the password: pass --password-stdin and pipe it in");
    }
    char[] first = console.readPassword("New password for %s (12 characters or more): ", who);
    char[] second = console.readPassword("Again: ");
    if (first == null || second == null || !Arrays.equals(first, second)) {
      throw new CliFailure("the two passwords differ; nothing was changed");
    }
    return new String(first);
  }
}
