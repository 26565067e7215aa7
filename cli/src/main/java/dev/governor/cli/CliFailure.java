package dev.governor.cli;

/**
 * The command could not get an answer: the server is unreachable or failing, or an input file cannot
 * be read. Reported as one line on stderr with exit code 2; no stack trace, because the message says
 * what to do.
 */
final class CliFailure extends RuntimeException {

  CliFailure(String message) {
    super(message);
  }

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
