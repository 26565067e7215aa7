package dev.governor.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor gate check --service S}: prints allow, warn or block with the reasons and exits 1
 * on block, so that a pipeline step stops; allow and warn exit 0. The decision is the audited one
 * ({@code POST /api/v1/gates/{service}/check}, which needs a token when the server has tokens);
 * {@code --preview} asks for the same decision without recording it.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {
        "Ask the deploy gate whether SERVICE may be deployed now; exit 1 when it blocks.",
        "The answer depends on the error budget of the service's SLOs and its ErrorBudgetPolicy:",
        "allow, warn (e.g. an approval is required) or block. Every answer is audited, so the",
        "check is a write: pass --token or set GOVERNOR_TOKEN when the server has tokens.",
        "--preview shows the answer without recording it (no token needed).",
        "The answer names the policies that judged it: 'default' is the server's default policy",
        "(gates.defaultPolicy), which blocks a service no policy names while an SLO of it has",
        "spent its whole error budget."
    })
final class GateCheckCommand extends ClientCommand {

  @Option(names = "--service", required = true, paramLabel = "SERVICE", description = "The service to deploy.")
  String service;

  @Option(names = "--environment", paramLabel = "ENV", description = "Where to (production, staging ...).")
  String environment;

  @Option(names = "--version", paramLabel = "VERSION", description = "The version to deploy (recorded).")
  String version;

  @Option(names = "--hotfix", description = "The change is a hotfix; needs --reason to override a block.")
  boolean hotfix;

  @Option(names = "--rollback", description = "The deploy rolls back to an earlier version.")
  boolean rollback;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why a hotfix, rollback or approval overrides the rules.")
  String reason;

  @Option(names = "--actor", paramLabel = "WHO", description = "Who or what asks (recorded); default $USER.")
  String actor;

  @Option(names = "--approved-by", paramLabel = "WHO", description = "Who approved, when a rule requires an approval.")
  String approvedBy;

  @Option(names = "--preview", description = "Show the decision without recording it in the audit trail.")
  boolean preview;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    String who = actor != null ? actor : root().env().get("USER");
    ApiResponse r;
    if (preview) {
      List<String> query = new ArrayList<>();
      add(query, "environment", environment);
      add(query, "version", version);
      if (hotfix) query.add("hotfix=true");
      if (rollback) query.add("rollback=true");
      add(query, "reason", reason);
      add(query, "actor", who);
      add(query, "approvedBy", approvedBy);
      r = client().get("/api/v1/gates/" + UrlPath.segment(service)
          + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    } else {
      ObjectNode body = ApiClient.JSON.createObjectNode();
      put(body, "environment", environment);
      put(body, "version", version);
      if (hotfix) body.put("hotfix", true);
      if (rollback) body.put("rollback", true);
      put(body, "reason", reason);
      put(body, "actor", who);
      put(body, "approvedBy", approvedBy);
      r = client().post("/api/v1/gates/" + UrlPath.segment(service) + "/check", "application/json",
          ApiClient.JSON.writeValueAsString(body));
    }
    if (!r.ok()) return reportFailure(r);
    String decision = Json.text(r.body(), "decision").orElse("?");
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else {
      out().println((preview ? "PREVIEW " : "") + decision.toUpperCase(Locale.ROOT) + ": deploy of " + service
          + (environment == null ? "" : " to " + environment)
          + switch (decision) {
            case "allow" -> " may go out";
            case "warn" -> r.body().path("approvalRequired").asBoolean(false)
                ? " needs an approval (--approved-by WHO)" : " may go out; read the reasons";
            default -> " is blocked";
          });
      // Servers before the default policy send no "policies"; say nothing rather than "no policy".
      JsonNode policies = r.body().path("policies");
      if (policies.isArray()) {
        List<String> names = new ArrayList<>();
        policies.forEach(p -> names.add(p.asString()));
        out().println("  judged by " + (names.isEmpty() ? "no policy"
            : (names.size() == 1 ? "policy " : "policies ") + String.join(", ", names)));
      }
      Json.text(r.body(), "note").ifPresent(note -> out().println("  " + note));
      for (JsonNode reasonNode : r.body().path("reasons")) {
        out().println("  - " + Json.text(reasonNode, "message").orElse("") + " [policy "
            + Json.text(reasonNode, "policy").orElse("?") + ", rule " + Json.text(reasonNode, "rule").orElse("?") + "]");
      }
      JsonNode override = r.body().path("override");
      if (override.isObject()) {
        out().println("  override: " + Json.text(override, "kind").orElse("?") + " - "
            + Json.text(override, "reason").orElse(""));
      }
      out().flush();
    }
    return decision.equals("block") ? GovernorCommand.NO : GovernorCommand.OK;
  }

  private static void add(List<String> query, String name, String value) {
    if (value != null && !value.isBlank()) query.add(name + "=" + UrlPath.query(value));
  }

  private static void put(ObjectNode body, String name, String value) {
    if (value != null && !value.isBlank()) body.put(name, value);
  }
}
