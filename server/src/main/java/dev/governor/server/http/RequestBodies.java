package dev.governor.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Reads request bodies with a hard size limit and checks their media type. The limit is enforced
 * while reading, not only from Content-Length, so a chunked upload cannot exhaust the heap either.
 */
public final class RequestBodies {

  private final long limit;

  public RequestBodies(long limit) {
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }

  /** How much of a too-large body is read and dropped so that its sender gets the 413. */
  private static final long DRAIN_AT_MOST = 8L * 1024 * 1024;

  public byte[] read(Context ctx) {
    if (ctx.req().getContentLengthLong() > limit) {
      drain(ctx);
      throw new HttpProblem.PayloadTooLarge(limit);
    }
    int readAtMost = (int) Math.min(limit + 1, Integer.MAX_VALUE - 8);
    byte[] body;
    try (InputStream in = ctx.bodyInputStream()) {
      body = in.readNBytes(readAtMost);
    } catch (IOException e) {
      // The client went away or sent a broken chunk; there is nobody left to blame but them.
      throw new HttpProblem.BadRequest("the request body could not be read: " + e.getMessage());
    }
    if (body.length > limit) {
      drain(ctx);
      throw new HttpProblem.PayloadTooLarge(limit);
    }
    return body;
  }

  /**
   * Reads and drops what is left of a body too large to take, up to {@link #DRAIN_AT_MOST}. A server
   * that answers 413 and closes while the client is still writing makes many clients see a reset
   * connection instead of the answer, and retry what can never pass; a body beyond the bound is
   * cut off all the same, since reading it would cost more than the answer is worth.
   */
  private static void drain(Context ctx) {
    try (InputStream in = ctx.bodyInputStream()) {
      long left = DRAIN_AT_MOST;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0 && in.read() < 0) break;
        left -= Math.max(skipped, 1);
      }
    } catch (IOException | RuntimeException e) {
      // The client went away: nobody is left to read the answer either.
    }
  }

  /**
   * The request's media type (lower case, without parameters) when it is one of {@code accepted};
   * otherwise a 415 listing them.
   */
  public static String requireMediaType(Context ctx, List<String> accepted) {
    String given = ctx.header("Content-Type");
    String mediaType = given == null ? "" : given.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!accepted.contains(mediaType)) {
      throw new HttpProblem.UnsupportedMediaType(given, accepted);
    }
    return mediaType;
  }
}
