package dev.governor.prometheus.promql;

import dev.governor.text.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach one Prometheus-compatible HTTP API: a DataSource's {@code connectionDetails}, or the
 * same keys inline in a metric source's {@code spec}.
 *
 * <p>Secrets need not be written into the spec: {@code token}, {@code username} and {@code password}
 * may be {@code ${NAME}}, read from the server's environment when the catalog is planned, and
 * {@code tokenFile} / {@code passwordFile} name a file read at every pull (so a rotated Kubernetes
 * secret is picked up without a reload).
 *
 * @param name the DataSource's name, or {@code inline} for a source that gives its own url
 * @param url the API's base URL; {@code /api/v1/query_range} is appended to its path, so a prefix
 *     such as Mimir's {@code /prometheus} is kept
 * @param auth how to authenticate, if at all (bearer or basic)
 * @param tenant the {@code X-Scope-OrgID} header for Mimir, Cortex and Thanos' receive
 * @param timeout how long one HTTP request may take
 * @param delay how long after a minute ends the backend holds all of its samples; a minute is pulled
 *     only then, and never again
 */
public record Connection(
    String name, URI url, Optional<Auth> auth, Optional<String> tenant, Duration timeout, Duration delay) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(30);

  /** The keys a connection reads; the ingest reader checks the same ones with path and line. */
  static final List<String> KEYS = List.of(
      "url", "token", "tokenFile", "username", "password", "passwordFile", "tenant", "timeout", "delay");

  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** A secret value: given (inline or from the environment), or read from a file at each use. */
  public sealed interface Secret permits Secret.Given, Secret.FromFile {
    String read() throws IOException;

    record Given(String value) implements Secret {
      @Override
      public String read() {
        return value;
      }

      /** Never the value: records print their components, and this one lands in logs. */
      @Override
      public String toString() {
        return "Given[***]";
      }
    }

    record FromFile(Path path) implements Secret {
      @Override
      public String read() throws IOException {
        // A file written by `echo` or a Kubernetes secret often ends in a newline that is no part of it.
        return Files.readString(path, StandardCharsets.UTF_8).strip();
      }
    }
  }

  /** An Authorization header: bearer token, or basic username and password. */
  public sealed interface Auth permits Auth.Bearer, Auth.Basic {
    String header() throws IOException;

    record Bearer(Secret token) implements Auth {
      @Override
      public String header() throws IOException {
        return "Bearer " + token.read();
      }
    }

    record Basic(Secret username, Secret password) implements Auth {
      @Override
      public String header() throws IOException {
        return "Basic " + Base64.getEncoder().encodeToString(
            (username.read() + ":" + password.read()).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  public Connection {
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("a Prometheus url must not hold user info (it would be shown wherever the"
          + " url is); give username and password or passwordFile, got " + url.getHost());
    }
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

  /** The Authorization header, read now: a secret file is read at every request. */
  Optional<String> authorization() throws IOException {
    return auth.isEmpty() ? Optional.empty() : Optional.of(auth.get().header());
  }

  /**
   * The connection of an applied OpenSLO DataSource of type Prometheus, for a query of its own (a
   * capacity signal's), with {@code ${NAME}} looked up in {@code env}.
   *
   * @throws IllegalArgumentException when the DataSource is not of type Prometheus, has no url, or
   *     its connection details do not read (naming the key, never a secret)
   */
  public static Connection ofDataSource(dev.governor.slo.DataSource dataSource, Function<String, String> env) {
    if (!dataSource.type().equalsIgnoreCase("Prometheus")) {
      throw new IllegalArgumentException("is of type " + dataSource.type() + "; a PromQL query needs type Prometheus"
          + " (which Thanos, Mimir and VictoriaMetrics answer too)");
    }
    if (!hasUrl(dataSource.connectionDetails())) {
      throw new IllegalArgumentException("has no url in its connectionDetails");
    }
    return of(dataSource.name(), dataSource.connectionDetails(), env);
  }

  /** {@link #of(String, Map, Function)} with the process' environment. */
  static Connection of(String name, Map<String, Object> details) {
    return of(name, details, System::getenv);
  }

  /**
   * Reads {@code details}, which hold a url ({@link #hasUrl}).
   *
   * @param env the environment {@code ${NAME}} is looked up in (null: not set)
   * @throws IllegalArgumentException naming the offending key and value (never a secret); the
   *     ingest reader refuses malformed documents before they are applied, so this is reached by a
   *     document that bypassed it, or by a {@code ${NAME}} whose variable is not set
   */
  static Connection of(String name, Map<String, Object> details, Function<String, String> env) {
    URI url;
    try {
      url = URI.create(text(details, "url").orElseThrow().strip());
    } catch (IllegalArgumentException e) {
      // URI's message repeats the text, which may hold a password: the key is enough.
      throw new IllegalArgumentException("url is not a URL");
    }
    Optional<Secret> token = secret(details, "token", env).or(() -> file(details, "tokenFile"));
    Optional<Secret> user = secret(details, "username", env);
    Optional<Secret> password = secret(details, "password", env).or(() -> file(details, "passwordFile"));
    if (token.isPresent() && (user.isPresent() || password.isPresent())) {
      throw new IllegalArgumentException("give token or username/password, not both");
    }
    if (password.isPresent() && user.isEmpty()) throw new IllegalArgumentException("password needs username");
    Optional<Auth> auth = token.<Auth>map(Auth.Bearer::new)
        .or(() -> user.map(u -> new Auth.Basic(u, password.orElse(new Secret.Given("")))));
    return new Connection(name, url, auth, text(details, "tenant"),
        text(details, "timeout").map(t -> timeout(t)).orElse(DEFAULT_TIMEOUT),
        text(details, "delay").map(t -> duration(t, "delay")).orElse(DEFAULT_DELAY));
  }

  private static Optional<Secret> secret(Map<String, Object> details, String key, Function<String, String> env) {
    return text(details, key).map(v -> {
      Matcher ref = ENV_REFERENCE.matcher(v.strip());
      if (!ref.matches()) return new Secret.Given(v);
      String value = env.apply(ref.group(1));
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(key + " is ${" + ref.group(1) + "}, but the environment variable "
            + ref.group(1) + " is not set in the Governor server");
      }
      return new Secret.Given(value);
    });
  }

  private static Optional<Secret> file(Map<String, Object> details, String key) {
    return text(details, key).map(v -> new Secret.FromFile(Path.of(v.strip())));
  }

  private static Optional<String> text(Map<String, Object> details, String key) {
    Object v = details.get(key);
    return v == null ? Optional.empty() : Optional.of(String.valueOf(v)).filter(s -> !s.isBlank());
  }

  /** {@code 30s}, {@code 1m30s}, {@code 1500ms}: the one grammar, {@link Durations}; {@code key} names it in a refusal. */
  static Duration duration(String text, String key) {
    return Durations.parse(text, key);
  }

  // The HTTP client refuses a zero timeout when the request is built, long after the document was applied.
  private static Duration timeout(String text) {
    Duration timeout = duration(text, "timeout");
    if (timeout.isZero()) throw new IllegalArgumentException("timeout must be longer than zero, such as 30s");
    return timeout;
  }

  /** The query_range endpoint under {@link #url}'s path. */
  URI queryRange() {
    String base = url.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/query_range");
  }

  /** Never the credentials: this lands in logs and in the sources API. */
  @Override
  public String toString() {
    return name + " (" + url + (auth.isPresent() ? ", authenticated" : "")
        + tenant.map(t -> ", tenant " + t).orElse("") + ")";
  }
}
