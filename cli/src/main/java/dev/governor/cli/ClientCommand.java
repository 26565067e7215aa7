package dev.governor.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A command that talks to a running server: the shared options and the shared way to say "no". */
abstract class ClientCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ServerOptions serverOptions;

  GovernorCommand root() {
    return (GovernorCommand) spec.root().userObject();
  }

  ApiClient client() {
    return serverOptions.client(root());
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  void printJson(JsonNode node) {
    out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
  }

  /**
   * Prints why the server did not do what was asked and returns the exit code: 1 when it refused
   * (4xx, the answer is no), 2 when it failed (5xx, no answer).
   */
  int reportFailure(ApiResponse response) {
    return reportFailure(response, Problems.NO_FILE);
  }

  int reportFailure(ApiResponse response, String file) {
    PrintWriter err = err();
    Problems.describe(response, file).forEach(err::println);
    if (response.status() == 401 || response.status() == 403) {
      err.println("hint: writes need a token when the server has tokens configured: "
          + "pass --token or set GOVERNOR_TOKEN.");
    }
    err.flush();
    return response.refused() ? GovernorCommand.NO : GovernorCommand.NO_ANSWER;
  }
}
