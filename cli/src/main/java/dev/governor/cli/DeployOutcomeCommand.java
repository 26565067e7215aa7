package dev.governor.cli;

import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor deploy outcome ID --outcome O}: sets how a recorded deployment ended, e.g. from a
 * pipeline's final step or after a rollback. Exit 1 when the server knows no such deployment.
 */
@Command(name = "outcome", mixinStandardHelpOptions = true,
    description = {
        "Set the outcome of deployment ID: succeeded, failed, rolled-back or in-progress.",
        "--failed-after-success marks a deployment that went live and then proved bad."
    })
final class DeployOutcomeCommand extends ClientCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The deployment's id.")
  String id;

  @Option(names = "--outcome", paramLabel = "OUTCOME", description = "succeeded, failed, rolled-back or in-progress.")
  String outcome;

  @Option(names = "--failed-after-success", description = "It went live, then proved bad (counts as a failed change).")
  boolean failedAfterSuccess;

  @Option(names = "--finished", paramLabel = "TIME", description = "When it ended (default: now, by the server).")
  String finished;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    if ((outcome == null) == !failedAfterSuccess) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give either --outcome OUTCOME or --failed-after-success");
    }
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (outcome != null) body.put("outcome", outcome.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
    if (failedAfterSuccess) {
      body.put("outcome", "succeeded"); // it did go live; the flag says it proved bad afterwards
      body.put("failedAfterSuccess", true);
    }
    if (finished != null) body.put("finishedAt", Times.instant(spec, "--finished", finished).toString());
    ApiResponse r = client().post("/api/v1/deployments/" + UrlPath.segment(id) + "/outcome", "application/json",
        ApiClient.JSON.writeValueAsString(body));
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else {
      boolean failedLater = !r.body().path("failedAfterSuccessAt").isNull()
          && !r.body().path("failedAfterSuccessAt").isMissingNode();
      out().println("deployment " + id + " is " + Json.text(r.body(), "outcome").orElse("?").replace('_', ' ')
          + (failedLater ? " (failed after success)" : ""));
    }
    out().flush();
    return GovernorCommand.OK;
  }
}
