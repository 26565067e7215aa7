package dev.governor.server.events;

import dev.governor.ingest.events.DecodedBatch;
import dev.governor.ingest.events.EventBatchDecoder;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.RequestBodies;
import dev.governor.server.http.ServerMetrics;
import dev.governor.sli.IngestOutcome;
import dev.governor.sli.SliSink;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.InstantSource;
import java.util.List;

/**
 * {@code POST /api/v1/events}: a batch of SLI events, stored all or nothing. An event without a
 * {@code time} is stamped with the server's clock when the batch arrived. A 200 means the
 * events are durable; a 400 means none of them was stored, so a client may simply retry the batch
 * after a network error only when it got no answer at all.
 */
public final class EventRoutes {

  private final SliSink sink;
  private final RequestBodies bodies;
  private final ServerMetrics metrics;
  private final InstantSource clock;

  public EventRoutes(SliSink sink, RequestBodies bodies, ServerMetrics metrics, InstantSource clock) {
    this.sink = sink;
    this.bodies = bodies;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/events", this::ingest);
  }

  record Accepted(int accepted, int buckets) {}

  private void ingest(Context ctx) {
    RequestBodies.requireMediaType(ctx, List.of("application/json"));
    byte[] body = bodies.read(ctx);
    // Read once the body is in: an event without a time happened when the batch arrived.
    DecodedBatch batch = EventBatchDecoder.decode(body, clock.instant());
    if (!batch.problems().isEmpty()) {
      long bad = batch.problems().stream().mapToInt(IngestOutcome.EventProblem::index).distinct().count();
      metrics.eventsRejected(batch.events().size() + bad);
      throw new HttpProblem.InvalidEvents(batch.problems());
    }
    long started = System.nanoTime();
    switch (sink.ingest(batch.events(), SliSink.Source.EVENTS_API)) {
      case IngestOutcome.Accepted accepted -> {
        metrics.eventsAccepted(accepted.events(), System.nanoTime() - started);
        ctx.json(new Accepted(accepted.events(), accepted.buckets()));
      }
      case IngestOutcome.Rejected rejected -> {
        metrics.eventsRejected(batch.events().size());
        throw new HttpProblem.InvalidEvents(rejected.problems());
      }
    }
  }
}
