package dev.governor.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

  /**
   * Posts each YAML file to {@code endpoint}, in order, each applied atomically by the server, and
   * stops at the first one refused: the apply commands of SLOs, policies and on-call documents.
   * The table prints one line per document ("file: Kind name created"); json prints every answer.
   *
   * @param endpoint the path, to which {@code ?file=} is added so that the server's problems name
   *     the file the user knows
   * @param moreQuery parameters after it, such as {@code &dryRun=true}, or empty
   * @param kindWhenUnnamed the kind to print when an answer does not name one
   * @param note printed after each line, e.g. " (dry run)", or empty
   */
  /** Budget adjustments say what they did to each budget they touch: before and after, per objective. */
  void printEffect(JsonNode body, String note) {
    for (JsonNode e : body.path("effect")) {
      out().println("  " + Json.text(e, "slo").orElse("?") + "/" + Json.text(e, "objective").orElse("?")
          + ": budget left " + Formats.budget(Json.decimal(e, "budgetRemainingBefore")) + " -> "
          + Formats.budget(Json.decimal(e, "budgetRemainingAfter")) + note);
    }
  }

  int applyFiles(List<String> files, String endpoint, String moreQuery, OutputFormat output, String kindWhenUnnamed,
      String note) {
    ApiClient client = client();
    List<SpecFiles.SpecFile> specFiles = SpecFiles.read(files, root().stdin());
    ArrayNode results = ApiClient.JSON.createArrayNode();
    PrintWriter out = out();
    int exit = GovernorCommand.OK;
    for (SpecFiles.SpecFile f : specFiles) {
      String path = endpoint + "?file=" + UrlPath.query(f.name()) + moreQuery;
      ApiResponse r = client.post(path, "application/yaml", f.text());
      if (output == OutputFormat.JSON) {
        ObjectNode entry = results.addObject().put("file", f.name()).put("status", r.status());
        entry.set("response", r.body().isMissingNode() ? ApiClient.JSON.nullNode() : r.body());
      }
      if (!r.ok()) {
        exit = output == OutputFormat.JSON
            ? (r.refused() ? GovernorCommand.NO : GovernorCommand.NO_ANSWER)
            : reportFailure(r, f.name());
        break;
      }
      for (JsonNode w : r.body().path("warnings")) {
        err().println(Problems.specLine(Json.text(w, "file").orElse(f.name()), w.path("line").asInt(),
            Json.text(w, "path").orElse(""), "warning: " + Json.text(w, "message").orElse("")));
      }
      if (output == OutputFormat.TABLE) {
        for (JsonNode a : r.body().path("applied")) {
          out.println(f.name() + ": " + Json.text(a, "kind").orElse(kindWhenUnnamed) + " "
              + Json.text(a, "name").orElse("?") + " " + Json.text(a, "result").orElse("applied") + note);
        }
        printEffect(r.body(), note);
      }
    }
    if (output == OutputFormat.JSON) printJson(results);
    out.flush();
    return exit;
  }
}
