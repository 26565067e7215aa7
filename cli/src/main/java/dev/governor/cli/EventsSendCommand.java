package dev.governor.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor events send}: a batch from a JSON file (the body of POST /api/v1/events, sent as
 * it is, so the server is the one judge of it) or one event described by options.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
    description = {
        "Send SLI events: a JSON batch ({\"events\":[...]}) from FILE or - (stdin), or one event",
        "from options, e.g. --sli checkout-availability --good 998 --total 1000.",
        "Exits 1 when the server rejects the batch (nothing of it is stored)."
    })
final class EventsSendCommand extends ClientCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
      description = "A JSON batch file, or - for standard input.")
  String file;

  @ArgGroup(exclusive = false)
  OneEvent one;

  static final class OneEvent {
    @Option(names = "--sli", required = true, paramLabel = "NAME", description = "The SLI the event is for.")
    String sli;

    @Option(names = "--good", paramLabel = "N", description = "Good events (ratio SLIs).")
    Long good;

    @Option(names = "--bad", paramLabel = "N", description = "Bad events, instead of --good.")
    Long bad;

    @Option(names = "--total", paramLabel = "N", description = "All events (ratio SLIs).")
    Long total;

    @Option(names = "--value", paramLabel = "X", description = "A measured value (threshold SLIs), e.g. 0.21.")
    BigDecimal value;

    @Option(names = "--count", paramLabel = "N", description = "How many measurements had --value (default 1).")
    Long count;

    @Option(names = "--time", paramLabel = "TIME",
        description = "RFC 3339 time of the event (default: when the server receives it).")
    String time;
  }

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    String body;
    if (file != null && one != null) {
      throw new ParameterException(spec.commandLine(), "give either FILE or --sli ..., not both");
    } else if (file != null) {
      body = SpecFiles.read(List.of(file), root().stdin()).getFirst().text();
    } else if (one != null) {
      body = ApiClient.JSON.writeValueAsString(batchOf(one));
    } else {
      throw new ParameterException(spec.commandLine(),
          "give a JSON batch FILE (or - for stdin), or one event with --sli NAME --good N --total N");
    }
    ApiResponse r = client().post("/api/v1/events", "application/json", body);
    if (!r.ok()) {
      return reportFailure(r, file == null || file.equals("-") ? Problems.NO_FILE : file);
    }
    if (output == OutputFormat.JSON) {
      printJson(r.body());
    } else {
      out().println("accepted " + r.body().path("accepted").asLong(0) + " events into "
          + r.body().path("buckets").asLong(0) + " minute buckets");
    }
    out().flush();
    return GovernorCommand.OK;
  }

  private ObjectNode batchOf(OneEvent e) {
    boolean ratio = e.good != null || e.bad != null || e.total != null;
    if (ratio == (e.value != null)) {
      throw new ParameterException(spec.commandLine(),
          "an event has either counts (--good or --bad, with --total) or a --value");
    }
    if (ratio && (e.total == null || (e.good == null) == (e.bad == null))) {
      throw new ParameterException(spec.commandLine(),
          "a ratio event needs --total and exactly one of --good or --bad");
    }
    ObjectNode batch = ApiClient.JSON.createObjectNode();
    ObjectNode event = batch.putArray("events").addObject();
    event.put("sli", e.sli);
    // Without --time the server stamps the event with its own clock, so this machine's clock,
    // however far off, cannot push the event into the future or out of the window.
    if (e.time != null) {
      event.put("time", instant(e.time).toString());
    }
    if (ratio) {
      if (e.good != null) {
        event.put("good", e.good);
      } else {
        event.put("bad", e.bad);
      }
      event.put("total", e.total);
    } else {
      event.put("value", e.value);
      if (e.count != null) {
        event.put("count", e.count);
      }
    }
    return batch;
  }

  private Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException ex) {
      throw new ParameterException(spec.commandLine(),
          "--time must be an RFC 3339 time such as 2026-11-21T10:00:30Z, got '" + text + "'");
    }
  }
}
