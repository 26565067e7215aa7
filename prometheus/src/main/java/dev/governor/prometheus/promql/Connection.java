package dev.governor.prometheus.promql;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach one Prometheus-compatible HTTP API: a DataSource's {@code connectionDetails}, or the
 * same keys inline in a metric source's {@code spec}.
 *
 * @param name the DataSource's name, or {@code inline} for a source that gives its own url
 * @param url the API's base URL; {@code /api/v1/query_range} is appended to its path, so a prefix
 *     such as Mimir's {@code /prometheus} is kept
 * @param authorization the value of the Authorization header, if any (bearer or basic)
 * @param tenant the {@code X-Scope-OrgID} header for Mimir, Cortex and Thanos' receive
 * @param timeout how long one HTTP request may take
 * @param delay how long after a minute ends the backend holds all of its samples; a minute is pulled
 *     only then, and never again
 */
public record Connection(
    String name, URI url, Optional<String> authorization, Optional<String> tenant, Duration timeout, Duration delay) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(30);

  /** The keys a connection reads; the ingest reader checks the same ones with path and line. */
  static final java.util.List<String> KEYS =
      java.util.List.of("url", "token", "username", "password", "tenant", "timeout", "delay");

  public Connection {
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("a Prometheus url must be http or https, got " + url);
    }
    if (!timeout.isPositive()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative, got " + delay);
  }

  /** Whether {@code details} names a backend at all: without a url there is nothing to pull from. */
  static boolean hasUrl(Map<String, Object> details) {
    return details.get("url") instanceof String s && !s.isBlank();
  }

  /**
   * Reads {@code details}, which hold a url ({@link #hasUrl}).
   *
   * @throws IllegalArgumentException naming the offending key and value; the ingest reader refuses
   *     such documents before they are applied, so this is reached by a document that bypassed it
   */
  static Connection of(String name, Map<String, Object> details) {
    URI url;
    try {
      url = URI.create(text(details, "url").orElseThrow().strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("url is not a URL: '" + details.get("url") + "'", e);
    }
    Optional<String> token = text(details, "token");
    Optional<String> user = text(details, "username");
    Optional<String> password = text(details, "password");
    if (token.isPresent() && user.isPresent()) {
      throw new IllegalArgumentException("give token or username/password, not both");
    }
    if (password.isPresent() && user.isEmpty()) throw new IllegalArgumentException("password needs username");
    Optional<String> authorization = token.map(t -> "Bearer " + t)
        .or(() -> user.map(u -> "Basic " + Base64.getEncoder().encodeToString(
            (u + ":" + password.orElse("")).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    return new Connection(name, url, authorization, text(details, "tenant"),
        text(details, "timeout").map(t -> duration(t, "timeout")).orElse(DEFAULT_TIMEOUT),
        text(details, "delay").map(t -> duration(t, "delay")).orElse(DEFAULT_DELAY));
  }

  private static Optional<String> text(Map<String, Object> details, String key) {
    Object v = details.get(key);
    return v == null ? Optional.empty() : Optional.of(String.valueOf(v)).filter(s -> !s.isBlank());
  }

  /** {@code 30s}, {@code 2m}, {@code 1500ms}. */
  static Duration duration(String text, String key) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(key + " must be a duration such as 30s, 2m or 500ms, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** The query_range endpoint under {@link #url}'s path. */
  URI queryRange() {
    String base = url.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/query_range");
  }

  /** Never the credentials: this lands in logs and in the sources API. */
  @Override
  public String toString() {
    return name + " (" + url + (authorization.isPresent() ? ", authenticated" : "")
        + tenant.map(t -> ", tenant " + t).orElse("") + ")";
  }
}
