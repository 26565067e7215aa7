package dev.governor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code governor status-page subscribe}: lists, adds or removes who is told of each status change. */
@Command(name = "subscribe", mixinStandardHelpOptions = true,
    description = {
        "Without options, lists the subscribers. --webhook URL [--secret S] or --email ADDRESS adds one: every",
        "status change goes to it once, through the durable outbox. --remove ID removes one."
    })
final class StatusPageSubscribeCommand extends ClientCommand {

  @Option(names = "--webhook", paramLabel = "URL", description = "A URL to POST each change to as JSON.")
  String webhook;

  @Option(names = "--secret", paramLabel = "TEXT", description = "Signs each webhook body with HMAC-SHA256.")
  String secret;

  @Option(names = "--email", paramLabel = "ADDRESS", description = "An address to mail each change to.")
  String email;

  @Option(names = "--remove", paramLabel = "ID", description = "Remove this subscriber.")
  Long remove;

  @Override
  public Integer call() {
    if (remove != null) {
      ApiResponse r = client().delete("/api/v1/status/subscribers/" + remove);
      if (!r.ok()) return reportFailure(r);
      out().println("removed subscriber " + remove);
      out().flush();
      return GovernorCommand.OK;
    }
    if (webhook == null && email == null) {
      ApiResponse r = client().get("/api/v1/status/subscribers");
      if (!r.ok()) return reportFailure(r);
      Table table = new Table("ID", "CHANNEL", "SINCE");
      for (JsonNode s : r.body().path("subscribers")) {
        table.add(Long.toString(s.path("id").asLong()), Json.text(s, "channel").orElse("?"), Json.text(s, "since").orElse("?"));
      }
      if (table.isEmpty()) out().println("no subscribers");
      else out().print(table.render());
      out().flush();
      return GovernorCommand.OK;
    }
    var body = ApiClient.JSON.createObjectNode();
    if (webhook != null) body.put("webhook", webhook);
    if (email != null) body.put("email", email);
    if (secret != null) body.put("secret", secret);
    ApiResponse r = client().post("/api/v1/status/subscribers", "application/json", body.toString());
    if (!r.ok()) return reportFailure(r);
    out().println("subscriber " + r.body().path("id").asLong() + ": " + Json.text(r.body(), "channel").orElse("?"));
    out().flush();
    return GovernorCommand.OK;
  }
}
