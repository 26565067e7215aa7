package dev.governor.server.push;

import dev.governor.prometheus.matching.Decoded;
import dev.governor.prometheus.matching.PushIntake;
import dev.governor.prometheus.otlp.OtlpDecoder;
import dev.governor.prometheus.remotewrite.RemoteWriteDecoder;
import dev.governor.server.http.HttpProblem;
import dev.governor.server.http.RequestBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The push receivers: {@code POST /api/v1/write} (Prometheus remote-write 1.0) and
 * {@code POST /v1/metrics} (OTLP/HTTP metrics, protobuf or JSON). Both feed {@link PushIntake}.
 * A success means the samples were counted in memory; their minutes are stored once complete
 * (see {@link PushIntake}). A 400 tells the sender not to retry (the body will never decode);
 * a 503 (the database is away) tells it to retry, which is harmless: samples already counted are
 * ignored the second time.
 */
public final class PushRoutes {

  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";
  /** A compressed body may unpack to this many times the request size limit, no more. */
  static final int MAX_EXPANSION = 8;

  private final PushIntake intake;
  private final RequestBodies bodies;
  /** One for all requests: it remembers the label sets senders repeat every scrape interval. */
  private final RemoteWriteDecoder remoteWriteDecoder = new RemoteWriteDecoder();

  public PushRoutes(PushIntake intake, RequestBodies bodies) {
    this.intake = intake;
    this.bodies = bodies;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/write", this::remoteWrite);
    routes.post("/v1/metrics", this::otlp);
  }

  private long maxDecoded() {
    return Math.min((long) Integer.MAX_VALUE - 8, bodies.limit() * MAX_EXPANSION);
  }

  private void remoteWrite(Context ctx) {
    RequestBodies.requireMediaType(ctx, List.of(PROTOBUF));
    String encoding = encoding(ctx);
    if (!encoding.equals("snappy")) {
      throw new HttpProblem.BadRequest("remote-write bodies are snappy-compressed: send Content-Encoding: snappy"
          + (encoding.isEmpty() ? "" : ", not " + encoding) + " (Prometheus' remote_write does)");
    }
    byte[] body = bodies.read(ctx);
    List<dev.governor.prometheus.matching.PushedSeries> series = switch (remoteWriteDecoder.read(body, maxDecoded())) {
      case Decoded.Series s -> s.series();
      case Decoded.Malformed m -> throw new HttpProblem.BadRequest(m.reason());
    };
    accept(PushIntake.Receiver.REMOTE_WRITE, series);
    ctx.status(204);
  }

  private void otlp(Context ctx) {
    String mediaType = RequestBodies.requireMediaType(ctx, List.of(PROTOBUF, JSON));
    byte[] body = bodies.read(ctx);
    String encoding = encoding(ctx);
    switch (encoding) {
      case "", "identity" -> { }
      case "gzip" -> body = gunzip(body);
      default -> throw new HttpProblem.BadRequest(
          "Content-Encoding " + encoding + " is not accepted here; send gzip or no encoding");
    }
    Decoded decoded = mediaType.equals(JSON) ? OtlpDecoder.decodeJson(body) : OtlpDecoder.decodeProtobuf(body);
    switch (decoded) {
      case Decoded.Series s -> accept(PushIntake.Receiver.OTLP, s.series());
      case Decoded.Malformed m -> throw new HttpProblem.BadRequest(m.reason());
    }
    // An empty ExportMetricsServiceResponse: all points accepted (unmatched ones are dropped on purpose).
    if (mediaType.equals(JSON)) ctx.contentType(JSON).result("{}");
    else ctx.contentType(PROTOBUF).result(new byte[0]);
  }

  /** A request whose deltas a failed write threw away is one to send again: a 503, not a 500. */
  private void accept(PushIntake.Receiver receiver, List<dev.governor.prometheus.matching.PushedSeries> series) {
    try {
      intake.accept(receiver, series);
    } catch (PushIntake.NotStored e) {
      throw new HttpProblem.ServiceUnavailable(e.getMessage());
    }
  }

  private static String encoding(Context ctx) {
    String given = ctx.header("Content-Encoding");
    return given == null ? "" : given.trim().toLowerCase(Locale.ROOT);
  }

  private byte[] gunzip(byte[] body) {
    long max = maxDecoded();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      byte[] out = in.readNBytes((int) max + 1);
      if (out.length > max) {
        throw new HttpProblem.BadRequest("the gzip body unpacks to more than " + max + " bytes; send smaller batches");
      }
      return out;
    } catch (IOException e) {
      throw new HttpProblem.BadRequest("the body is not valid gzip: " + e.getMessage());
    }
  }
}
