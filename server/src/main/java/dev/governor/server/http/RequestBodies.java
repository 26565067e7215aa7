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

  public byte[] read(Context ctx) {
    if (ctx.req().getContentLengthLong() > limit) {
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
      throw new HttpProblem.PayloadTooLarge(limit);
    }
    return body;
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
