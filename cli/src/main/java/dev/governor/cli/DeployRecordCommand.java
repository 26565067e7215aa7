package dev.governor.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor deploy record}: posts one deployment to {@code /api/v1/deployments}. Recording is
 * idempotent by id, so a pipeline step that is retried exits 0 the second time too ("already
 * recorded"); a refusal (invalid value, no token) exits 1.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
    description = {
        "Record a deployment of SERVICE to ENV, e.g. as the last step of a pipeline:",
        "  governor deploy record --service checkout --environment production \\",
        "    --version 1.4.2 --commit 3f2a9c1 --outcome succeeded",
        "Without --change, Governor infers the changes from the push events it received",
        "(the commits since the previous successful deployment). Exits 0 when recorded or",
        "already recorded (same --id), 1 when the server refuses it."
    })
final class DeployRecordCommand extends ClientCommand {

  @Option(names = "--service", required = true, paramLabel = "SERVICE", description = "The service deployed.")
  String service;

  @Option(names = "--environment", required = true, paramLabel = "ENV", description = "Where to, e.g. production.")
  String environment;

  @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The version deployed.")
  String version;

  @Option(names = "--commit", required = true, paramLabel = "SHA", description = "The head commit deployed.")
  String commit;

  @Option(names = "--change", paramLabel = "CHANGE",
      description = {"A change it carries, repeatable: commit:SHA@TIME (the commit time) or",
          "pr:NUMBER@TIME (when the pull request was opened); TIME is RFC 3339."})
  List<String> changes = new ArrayList<>();

  @Option(names = "--outcome", paramLabel = "OUTCOME", defaultValue = "succeeded",
      description = "succeeded (default), failed, rolled-back or in-progress.")
  String outcome;

  @Option(names = "--started", paramLabel = "TIME", description = "When it started (default: now, by the server).")
  String started;

  @Option(names = "--finished", paramLabel = "TIME", description = "When it went live or failed (default: --started).")
  String finished;

  @Option(names = "--id", paramLabel = "ID",
      description = {"The deployment's id (default SERVICE-ENV-VERSION); give your pipeline run's",
          "id when the same version may be deployed twice."})
  String id;

  @Option(names = "--link", paramLabel = "[NAME=]URL", description = "A link, e.g. to the pipeline run; repeatable.")
  List<String> links = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label; repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--hotfix", description = "The deployment is a hotfix: it marks the previous one as failed.")
  boolean hotfix;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ObjectNode body = body();
    ApiResponse r = client().post("/api/v1/deployments", "application/json", ApiClient.JSON.writeValueAsString(body));
    if (!r.ok()) return reportFailure(r);
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else {
      String recordedId = Json.text(r.body(), "id").orElse(body.path("id").asString());
      out().println((r.status() == 201 ? "recorded deployment " : "already recorded deployment ") + recordedId
          + ": " + service + " " + version + " to " + environment + ", "
          + Json.text(r.body(), "outcome").orElse(outcome).replace('_', ' ')
          + ", " + r.body().path("changes").size() + " changes");
    }
    out().flush();
    return GovernorCommand.OK;
  }

  ObjectNode body() {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("id", id != null ? id : service + "-" + environment + "-" + version);
    body.put("service", service);
    body.put("environment", environment);
    body.put("version", version);
    body.put("commit", commit);
    body.put("outcome", outcome.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
    if (started != null) body.put("startedAt", Times.instant(spec, "--started", started).toString());
    if (finished != null) body.put("finishedAt", Times.instant(spec, "--finished", finished).toString());
    body.put("trigger", "governor-cli" + (root().env().containsKey("USER") ? ":" + root().env().get("USER") : ""));
    ArrayNode list = body.putArray("changes");
    for (String change : changes) list.add(change(change));
    ObjectNode linkNode = body.putObject("links");
    for (int i = 0; i < links.size(); i++) {
      String link = links.get(i);
      int eq = link.indexOf('=');
      boolean named = eq > 0 && !link.substring(0, eq).contains("/") && !link.substring(0, eq).contains(":");
      linkNode.put(named ? link.substring(0, eq) : i == 0 ? "link" : "link-" + (i + 1),
          named ? link.substring(eq + 1) : link);
    }
    ObjectNode labelNode = body.putObject("labels");
    labels.forEach(labelNode::put);
    if (hotfix) labelNode.put("hotfix", "true");
    return body;
  }

  private ObjectNode change(String text) {
    int colon = text.indexOf(':');
    int at = text.indexOf('@');
    String kind = colon < 0 ? "" : text.substring(0, colon);
    if (colon < 0 || at < colon || !(kind.equals("commit") || kind.equals("pr"))) {
      throw new ParameterException(spec.commandLine(),
          "--change must be commit:SHA@TIME or pr:NUMBER@TIME, got '" + text + "'; without --change,"
              + " Governor infers the changes from push events");
    }
    String ref = text.substring(colon + 1, at);
    String time = Times.instant(spec, "the time of --change " + text, text.substring(at + 1)).toString();
    ObjectNode node = ApiClient.JSON.createObjectNode();
    if (kind.equals("commit")) {
      node.put("commit", ref);
      node.put("authoredAt", time);
      node.put("committedAt", time);
    } else {
      try {
        node.put("pullRequest", Long.parseLong(ref));
      } catch (NumberFormatException e) {
        throw new ParameterException(spec.commandLine(), "--change pr:NUMBER needs a number, got '" + ref + "'");
      }
      node.put("openedAt", time);
    }
    return node;
  }
}
