package dev.governor.server.http;

import io.javalin.http.Context;

/** Query parameters that several routes read the same way. */
public final class QueryParams {

  private QueryParams() {}

  /**
   * The {@code limit} of a list: {@code defaultLimit} when absent, else a whole number from 1 to
   * {@code maxLimit}; anything else is a 400 naming the parameter and its range.
   */
  public static int limit(Context ctx, int defaultLimit, int maxLimit) {
    String limit = ctx.queryParam("limit");
    if (limit == null || limit.isEmpty()) return defaultLimit;
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= maxLimit) return value;
    } catch (NumberFormatException notANumber) {
      // answered below, with the same message as a number out of range
    }
    throw HttpProblem.BadRequest.parameter(
        "limit", "limit must be a whole number from 1 to " + maxLimit + ", got '" + limit + "'", "limit=50");
  }
}
