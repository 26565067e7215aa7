package dev.governor.server.http;

import dev.governor.ingest.alerting.PayloadProblem;
import dev.governor.sli.IngestOutcome.EventProblem;
import dev.governor.slo.SpecProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API reports to a client as an RFC 9457 problem: a small closed family, each member with
 * its status, its {@code type} and the extension members a client can act on. Handlers throw these
 * for bad input; anything else that escapes a handler is a bug and becomes a 500 (see
 * {@link Problems}). An {@code IllegalArgumentException} is deliberately not in the family.
 */
public abstract sealed class HttpProblem extends RuntimeException {

  private final int status;
  private final String slug;
  private final String title;

  private HttpProblem(int status, String slug, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  /** The {@code type} URI reference; the OpenAPI document describes each one. */
  public String type() {
    return "/problems/" + slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  /** Members added to the problem object beside type, title, status, detail and instance. */
  public Map<String, Object> extensions() {
    return Map.of();
  }

  /** Response headers the status calls for (WWW-Authenticate, Allow). */
  public Map<String, String> headers() {
    return Map.of();
  }

  /** A query or path parameter, or the request as a whole, is malformed. */
  public static final class BadRequest extends HttpProblem {
    private final Map<String, Object> extensions;

    public BadRequest(String detail) {
      this(detail, Map.of());
    }

    private BadRequest(String detail, Map<String, Object> extensions) {
      super(400, "bad-request", "Bad request", detail);
      this.extensions = extensions;
    }

    /** A bad query parameter: names it and shows a value that would have worked. */
    public static BadRequest parameter(String name, String detail, String example) {
      Map<String, Object> ext = new LinkedHashMap<>();
      ext.put("parameter", name);
      ext.put("example", example);
      return new BadRequest(detail, ext);
    }

    /** A bad field of a JSON body: names it and shows a value that would have worked. */
    public static BadRequest field(String name, String detail, String example) {
      Map<String, Object> ext = new LinkedHashMap<>();
      ext.put("field", name);
      ext.put("example", example);
      return new BadRequest(detail, ext);
    }

    @Override
    public Map<String, Object> extensions() {
      return extensions;
    }
  }

  /** An event batch was refused, whole: every bad event with its index and field. */
  public static final class InvalidEvents extends HttpProblem {
    private final List<EventProblem> errors;

    public InvalidEvents(List<EventProblem> errors) {
      super(400, "invalid-events", "Invalid events",
          errors.size() + (errors.size() == 1 ? " event is" : " events are")
              + " invalid; nothing of the batch was stored. Fix them and send the batch again.");
      this.errors = List.copyOf(errors);
    }

    @Override
    public Map<String, Object> extensions() {
      return Map.of("errors", errors.stream().map(HttpProblem::errorJson).toList());
    }
  }

  /** An alert payload (an Alertmanager webhook) was refused, whole: every problem with its field's path. */
  public static final class InvalidPayload extends HttpProblem {
    private final List<PayloadProblem> errors;

    /** @param what the payload, as a person calls it: "Alertmanager payload" */
    public InvalidPayload(String what, List<PayloadProblem> errors) {
      super(400, "invalid-payload", "Invalid payload",
          errors.size() + (errors.size() == 1 ? " problem" : " problems") + " in the " + what
              + "; nothing of it was stored. Fix " + (errors.size() == 1 ? "it" : "them") + " and send it again.");
      this.errors = List.copyOf(errors);
    }

    @Override
    public Map<String, Object> extensions() {
      return Map.of("errors", errors.stream().map(e -> {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("field", e.field());
        json.put("message", e.message());
        return json;
      }).toList());
    }
  }

  /** Documents (SLO specs) that cannot be applied: each problem with its file, path and line. */
  public static final class InvalidDocument extends HttpProblem {
    private final List<SpecProblem> problems;

    public InvalidDocument(String detail, List<SpecProblem> problems) {
      super(422, "invalid-document", "Invalid document", detail);
      this.problems = List.copyOf(problems);
    }

    @Override
    public Map<String, Object> extensions() {
      return Map.of("problems", problems.stream().map(HttpProblem::problemJson).toList());
    }
  }

  /** The request is well-formed but clashes with what is stored. */
  public static final class Conflict extends HttpProblem {
    private final List<SpecProblem> problems;

    public Conflict(String detail, List<SpecProblem> problems) {
      super(409, "conflict", "Conflict", detail);
      this.problems = List.copyOf(problems);
    }

    @Override
    public Map<String, Object> extensions() {
      return problems.isEmpty()
          ? Map.of()
          : Map.of("problems", problems.stream().map(HttpProblem::problemJson).toList());
    }
  }

  public static final class NotFound extends HttpProblem {
    public NotFound(String detail) {
      super(404, "not-found", "Not found", detail);
    }
  }

  /** The resource exists, but what was asked of it cannot be made from it (rules for a non-Prometheus SLI). */
  public static final class NotExportable extends HttpProblem {
    public NotExportable(String detail) {
      super(422, "not-exportable", "Not exportable", detail);
    }
  }

  public static final class MethodNotAllowed extends HttpProblem {
    private final String allow;

    public MethodNotAllowed(String detail, String allow) {
      super(405, "method-not-allowed", "Method not allowed", detail);
      this.allow = allow;
    }

    @Override
    public Map<String, String> headers() {
      return allow.isEmpty() ? Map.of() : Map.of("Allow", allow);
    }
  }

  /** A write without a valid bearer token while tokens are configured. */
  public static final class Unauthorized extends HttpProblem {
    private final String challenge;

    public Unauthorized(String detail, String challenge) {
      super(401, "unauthorized", "Unauthorized", detail);
      this.challenge = challenge;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("WWW-Authenticate", challenge);
    }
  }

  /** Signed in, but the role does not allow this; the detail names the role it needs. */
  public static final class Forbidden extends HttpProblem {
    public Forbidden(String detail) {
      super(403, "forbidden", "Forbidden", detail);
    }
  }

  /** Too many failed sign-ins; {@code Retry-After} says when to try again. */
  public static final class TooManyRequests extends HttpProblem {
    private final long retryAfterSeconds;

    public TooManyRequests(String detail, long retryAfterSeconds) {
      super(429, "too-many-requests", "Too many requests", detail);
      this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
  }

  public static final class PayloadTooLarge extends HttpProblem {
    private final long limit;

    public PayloadTooLarge(long limit) {
      super(413, "payload-too-large", "Payload too large",
          "the request body exceeds the limit of " + limit + " bytes (server.maxRequestSize);"
              + " send smaller batches");
      this.limit = limit;
    }

    @Override
    public Map<String, Object> extensions() {
      return Map.of("limit", limit);
    }
  }

  public static final class UnsupportedMediaType extends HttpProblem {
    private final List<String> accepted;

    public UnsupportedMediaType(String given, List<String> accepted) {
      super(415, "unsupported-media-type", "Unsupported media type",
          (given == null || given.isBlank() ? "the request has no Content-Type" : "Content-Type " + given
              + " is not accepted here") + "; send one of " + String.join(", ", accepted));
      this.accepted = List.copyOf(accepted);
    }

    @Override
    public Map<String, Object> extensions() {
      return Map.of("accepted", accepted);
    }
  }

  /**
   * The request names a host this server does not answer to ({@code Host}); see {@link HostCheck}.
   * 421 rather than 403: the request was sent to the wrong server, the client did nothing forbidden.
   */
  public static final class MisdirectedRequest extends HttpProblem {
    public MisdirectedRequest(String detail) {
      super(421, "misdirected-request", "Misdirected request", detail);
    }
  }

  /**
   * The request may have been applied, in whole or in part, and this server cannot say: a replica
   * forwarded it to the leader and the answer was lost on the way, or the leader lost its lease
   * after part of it was written. Unlike the cluster's 503s (no leader, a fenced write), which
   * mean nothing was written, a client cannot assume either (as with any answer lost in a network).
   */
  public static final class BadGateway extends HttpProblem {
    public BadGateway(String detail) {
      super(502, "bad-gateway", "Bad gateway", detail);
    }
  }

  /**
   * A dependency (the database) does not answer; the request may succeed later, and
   * {@code Retry-After} says when a client should try again.
   */
  public static final class ServiceUnavailable extends HttpProblem {
    /** Long enough for a connection pool to reconnect, short enough for a CI step to wait out. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private final Map<String, Object> extensions;
    private final int retryAfterSeconds;

    public ServiceUnavailable(String detail) {
      this(detail, Map.of());
    }

    /** With members that say more, such as what /readyz found down. */
    public ServiceUnavailable(String detail, Map<String, Object> extensions) {
      this(detail, extensions, RETRY_AFTER_SECONDS);
    }

    /** With its own Retry-After: a cluster between two leaders is back sooner than a database. */
    public ServiceUnavailable(String detail, Map<String, Object> extensions, int retryAfterSeconds) {
      super(503, "service-unavailable", "Service unavailable", detail);
      this.extensions = Map.copyOf(extensions);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Map<String, Object> extensions() {
      return extensions;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of("Retry-After", Integer.toString(retryAfterSeconds));
    }
  }

  private static Map<String, Object> errorJson(EventProblem e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("index", e.index());
    json.put("field", e.field());
    json.put("message", e.message());
    return json;
  }

  private static Map<String, Object> problemJson(SpecProblem p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", p.file());
    json.put("document", p.document());
    json.put("path", p.path());
    json.put("line", p.line());
    json.put("message", p.message());
    return json;
  }
}
