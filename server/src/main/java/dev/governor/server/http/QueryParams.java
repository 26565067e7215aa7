package dev.governor.server.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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

  /**
   * An RFC 3339 time with its offset, or empty when absent; anything else is a 400 naming the
   * parameter, as is a year outside 0001 to 9999 (RFC 3339 writes four digits). The range a route
   * takes is the route's own business (the SLO status explains how far back history goes, on-call
   * and incidents stay within what they can store).
   */
  public static Optional<Instant> instant(Context ctx, String parameter) {
    String text = ctx.queryParam(parameter);
    if (text == null || text.isEmpty()) return Optional.empty();
    String example = parameter + "=2026-03-02T10:00:00Z";
    // An unencoded '+' of an offset (…T10:00:00+01:00) arrives as a space: the query is form-decoded.
    String repaired = text.length() > 19 && text.charAt(text.length() - 6) == ' '
        ? text.substring(0, text.length() - 6) + "+" + text.substring(text.length() - 5)
        : text;
    OffsetDateTime at;
    try {
      at = OffsetDateTime.parse(repaired);
    } catch (DateTimeParseException e) {
      throw HttpProblem.BadRequest.parameter(parameter,
          parameter + " must be an RFC 3339 timestamp with a time zone, got '" + text + "'", example);
    }
    // Java reads years RFC 3339 cannot write (+999999999-…); past the stores' epoch milliseconds
    // they would overflow as a bug in whatever route asked, so they are refused here, as input.
    if (at.getYear() < 1 || at.getYear() > 9999) {
      throw HttpProblem.BadRequest.parameter(parameter,
          parameter + " must be a time in the years 0001 to 9999, got '" + text + "'", example);
    }
    return Optional.of(at.toInstant());
  }
}
