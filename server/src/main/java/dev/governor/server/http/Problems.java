package dev.governor.server.http;

import dev.governor.storage.jdbc.StorageException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error as {@code application/problem+json} (RFC 9457): the {@link HttpProblem}
 * family as it says, Javalin's own responses (unknown route, wrong method, body too large) mapped
 * into it, a failing database as a 503 with {@code Retry-After}, and anything else as a 500 that is
 * logged, because it is a bug.
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";

  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private static final String COMMITS_AT_START = "governor.commitsAtStart";

  private final long maxRequestBytes;

  public Problems(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  public void install(RoutesConfig routes) {
    routes.exception(HttpProblem.class, (problem, ctx) -> render(ctx, problem));
    routes.exception(HttpResponseException.class, (e, ctx) -> render(ctx, translate(e, ctx)));
    // Counted from the start of each request, for the one failure that can come after a commit.
    routes.before(ctx -> ctx.attribute(COMMITS_AT_START, dev.governor.storage.jdbc.Database.commitsByThisThread()));
    routes.exception(dev.governor.storage.jdbc.Fenced.class, (e, ctx) -> {
      // A leader that lost its lease mid-request: the next leader answers within seconds. A 503
      // promises that nothing was written; when an earlier write of this request had committed (a
      // change, then its audit record), the client must not take it for nothing. The sign-in
      // bookkeeping (a token's or session's last use) counts too: a needless 502 at worst.
      log.warn("write refused answering {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
      Long atStart = ctx.attribute(COMMITS_AT_START);
      if (atStart != null && dev.governor.storage.jdbc.Database.commitsByThisThread() > atStart) {
        render(ctx, new HttpProblem.BadGateway("this replica stopped leading the cluster while it answered, after"
            + " part of the request was written: it may have been applied in part; read the state before trying again"));
        return;
      }
      render(ctx, new HttpProblem.ServiceUnavailable("this replica stopped leading the cluster while it answered;"
          + " nothing was written; try again in 2 seconds, when the next leader answers", Map.of(), 2));
    });
    routes.exception(StorageException.class, (e, ctx) -> {
      // Not a bug but an outage (SQLite busy past its timeout, PostgreSQL down): the operator
      // needs the cause once, the client a reason to come back later. The cause stays in the log,
      // as one line: during an outage every request fails the same way, and the causes' messages
      // (connection refused, database is locked) are what an operator acts on, not a stack. The
      // client does not get them; they may name hosts and files it has no business knowing.
      log.warn("database unavailable answering {} {}: {}", ctx.method(), ctx.path(), causes(e));
      render(ctx, new HttpProblem.ServiceUnavailable(
          "the database does not answer right now; try again in "
              + HttpProblem.ServiceUnavailable.RETRY_AFTER_SECONDS + " seconds"
              + " (the server's log has the cause, /readyz tells when it is back)"));
    });
    routes.exception(Exception.class, (e, ctx) -> {
      String errorId = UUID.randomUUID().toString();
      log.error("unexpected error {} answering {} {}", errorId, ctx.method(), ctx.path(), e);
      Map<String, Object> body = body(ctx, 500, "about:blank", "Internal server error",
          "an unexpected error occurred and was logged with id " + errorId
              + "; this is a bug in Governor, please report it");
      body.put("errorId", errorId);
      write(ctx, 500, body);
    });
  }

  public static void render(Context ctx, HttpProblem problem) {
    Map<String, Object> body =
        body(ctx, problem.status(), problem.type(), problem.title(), problem.detail());
    problem.extensions().forEach((key, value) -> body.put(key, bounded(value)));
    problem.headers().forEach(ctx::header);
    write(ctx, problem.status(), body);
  }

  /** "could not apply 2 resources: [SQLITE_BUSY] database is locked": the chain in one line. */
  private static String causes(Throwable e) {
    StringBuilder line = new StringBuilder(String.valueOf(e.getMessage()));
    int depth = 0;
    for (Throwable c = e.getCause(); c != null && depth++ < 10; c = c.getCause()) {
      if (c.getMessage() != null && !line.toString().contains(c.getMessage())) {
        line.append(": ").append(c.getMessage());
      }
    }
    return line.toString();
  }

  /** Javalin throws these itself, before or instead of our handlers. */
  private HttpProblem translate(HttpResponseException e, Context ctx) {
    return switch (e.getStatus()) {
      case 404 -> new HttpProblem.NotFound("no route " + ctx.method() + " " + ctx.path()
          + "; the routes are listed in /api/openapi.yaml");
      case 405 -> new HttpProblem.MethodNotAllowed(
          ctx.method() + " is not allowed on " + ctx.path(), allowed(e));
      case 413 -> new HttpProblem.PayloadTooLarge(maxRequestBytes);
      default -> new HttpProblem.BadRequest(e.getMessage());
    };
  }

  private static String allowed(HttpResponseException e) {
    // Javalin puts the methods the path does have in the one detail ("availableMethods": "GET, POST").
    return String.join(", ", e.getDetails().values());
  }

  private static Map<String, Object> body(Context ctx, int status, String type, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail == null ? null : boundedDetail(detail));
    body.put("instance", ctx.path());
    return body;
  }

  /** The most characters of a detail: messages quote input bounded, this is the net for any that does not. */
  static final int MAX_DETAIL = 2000;

  /** The most entries of a list in a problem (a document's problems): the first ones tell what to fix. */
  static final int MAX_LIST = 100;

  private static String boundedDetail(String detail) {
    if (detail.length() <= MAX_DETAIL) return detail;
    return detail.substring(0, MAX_DETAIL - 1) + "… (" + detail.length() + " characters)";
  }

  /** Every string of an extension bounded and lists cut short, however the problem built them. */
  private static Object bounded(Object value) {
    return switch (value) {
      case null -> null;
      case String s -> boundedDetail(s);
      case List<?> list -> list.stream().limit(MAX_LIST).map(Problems::bounded).toList();
      case Map<?, ?> map -> {
        Map<Object, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, bounded(v)));
        yield copy;
      }
      default -> value;
    };
  }

  private static void write(Context ctx, int status, Map<String, Object> body) {
    ctx.status(status);
    ctx.result(Json.MAPPER.writeValueAsString(body));
    ctx.contentType(CONTENT_TYPE);
  }
}
