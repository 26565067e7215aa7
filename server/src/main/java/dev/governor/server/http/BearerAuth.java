package dev.governor.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;

/**
 * Once any token is configured, every write (POST, PUT, PATCH, DELETE) needs
 * {@code Authorization: Bearer <token>}; reads stay open so dashboards and {@code /metrics} work
 * without secrets.
 *
 * <p>Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}: the digests have a
 * fixed length, so neither the position of the first wrong character nor the token's length leaks
 * through timing, and every configured token is checked on every request for the same reason.
 */
public final class BearerAuth implements Handler {

  private static final Set<HandlerType> WRITES =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);
  private static final String PREFIX = "Bearer ";
  private static final String INTEGRATIONS = "/api/v1/integrations/";
  /** PagerDuty's path, kept as PagerDuty has it so that a sender only changes the host. */
  private static final String PAGERDUTY_ENQUEUE = "/v2/enqueue";

  private final List<byte[]> tokenDigests;

  public BearerAuth(List<String> tokens) {
    this.tokenDigests = tokens.stream().map(BearerAuth::sha256).toList();
  }

  @Override
  public void handle(Context ctx) {
    if (tokenDigests.isEmpty() || !WRITES.contains(ctx.method())) return;
    // Webhook senders (GitHub, GitLab) cannot send a bearer token; those routes check the sender's
    // own signature or token instead (see dev.governor.server.delivery.WebhookRoutes).
    if (ctx.path().startsWith(INTEGRATIONS)) return;
    // PagerDuty senders authenticate with the routing_key in the body (see
    // dev.governor.server.intake.IntakeRoutes) and cannot send a second, Governor token.
    if (ctx.path().equals(PAGERDUTY_ENQUEUE)) return;
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new HttpProblem.Unauthorized(
          ctx.method() + " " + ctx.path() + " needs the header Authorization: Bearer <token>"
              + " (a token from auth.tokens in the server's configuration)",
          "Bearer realm=\"governor\"");
    }
    if (!isKnown(header.substring(PREFIX.length()).trim())) {
      throw new HttpProblem.Unauthorized(
          "the bearer token is not one of auth.tokens",
          "Bearer realm=\"governor\", error=\"invalid_token\"");
    }
  }

  private boolean isKnown(String token) {
    byte[] given = sha256(token);
    boolean known = false;
    for (byte[] digest : tokenDigests) {
      known |= MessageDigest.isEqual(digest, given);
    }
    return known;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
