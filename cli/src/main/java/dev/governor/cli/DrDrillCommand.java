package dev.governor.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code governor dr drill}: the server restores its newest backup into a scratch database and checks it. */
@Command(name = "drill", mixinStandardHelpOptions = true,
    description = {
        "Restore the newest backup (or --backup NAME) into a scratch database on the server, start an engine",
        "on it at the backup's moment and check that it gives back the statuses, incidents, deployments and",
        "on-call state the backup recorded. Prints the RPO (age of the backup) and RTO (restore plus loading",
        "the sums). Exits 1 when the drill fails; the server also opens a ticket then."
    })
final class DrDrillCommand extends ClientCommand {

  @Option(names = "--backup", paramLabel = "NAME", description = "The backup to drill (default: the newest).")
  String backup;

  @Option(names = "--timeout", defaultValue = "1h", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long to wait for the drill to finish (default 1h).")
  java.time.Duration timeout;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    ApiClient client = client();
    ApiResponse r = client.post("/api/v1/dr/drills" + (backup == null ? "" : "?backup=" + UrlPath.query(backup)),
        "application/json", "");
    if (!r.ok()) return reportFailure(r);
    // The server drills on a thread of its own (a large database takes minutes); ask until it is done.
    String location = "/api/v1/dr/drills/" + UrlPath.segment(Json.text(r.body(), "id").orElse(""));
    long deadline = System.nanoTime() + timeout.toNanos();
    while ("running".equals(Json.text(r.body(), "state").orElse(""))) {
      if (System.nanoTime() > deadline) {
        throw new CliFailure("the drill still runs after " + timeout.toSeconds() + " s; ask again with GET " + location);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure("interrupted while the drill runs; ask for it with GET " + location);
      }
      r = client.get(location);
      if (!r.ok()) return reportFailure(r);
    }
    JsonNode report = r.body();
    boolean passed = report.path("passed").asBoolean();
    if (output == OutputFormat.JSON) {
      printJson(report);
    } else {
      out().println("drill of " + Json.text(report, "backup").orElse("?") + ": " + (passed ? "PASSED" : "FAILED"));
      out().println("  RPO " + seconds(report, "rpoSeconds") + " (the backup's age when the drill began)");
      out().println("  RTO " + seconds(report, "rtoSeconds") + " (restore " + seconds(report, "restoreSeconds")
          + " + loading the sums " + seconds(report, "loadSeconds") + "), " + report.path("rows").asLong() + " rows");
      for (JsonNode problem : report.path("problems")) out().println("  problem: " + problem.asString());
    }
    out().flush();
    return passed ? GovernorCommand.OK : GovernorCommand.NO;
  }

  private static String seconds(JsonNode report, String field) {
    return String.format(java.util.Locale.ROOT, "%.3fs", report.path(field).asDouble());
  }
}
