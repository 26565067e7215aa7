package dev.governor.probes;

import dev.governor.probe.HeaderValue;
import dev.governor.probe.ProbeCheck;
import dev.governor.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP(S) request whose answer must have an expected status, and, when asked, a body that holds
 * a text, matches a pattern, or has a value at a JSON path; a slow answer is degraded or failed by
 * the latency thresholds. The body is read up to {@value #LARGEST_BODY} bytes: enough for any page a
 * check reads, and a bound on what a misbehaving target can make Governor hold.
 *
 * <p>One client per redirect and trust setting, shared by the probes that use it, so connections
 * are pooled and kept alive as a browser would; the runner's deadline bounds each run.
 */
final class HttpCheck implements Check.Kind<ProbeCheck.Http> {

  static final int LARGEST_BODY = 1 << 20;
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private record ClientKey(boolean followRedirects, ProbeCheck.Tls tls) {}

  private final Function<String, String> environment;
  private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

  HttpCheck(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Check run(ProbeCheck.Http check, Duration timeout) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(check.url()).timeout(timeout)
        .header("User-Agent", "Governor-Probe/1")
        .method(check.method(), check.body().map(b -> HttpRequest.BodyPublishers.ofString(b))
            .orElse(HttpRequest.BodyPublishers.noBody()));
    for (var header : check.headers().entrySet()) {
      Optional<String> value = value(header.getKey(), header.getValue());
      if (value.isEmpty()) return missing(header.getKey(), header.getValue());
      request.header(header.getKey(), value.get());
    }
    boolean shared = check.tls().caFile().isEmpty();
    HttpClient client = client(check);
    try {
      long started = System.nanoTime();
      HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(LARGEST_BODY);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      return judge(check, response.statusCode(), new String(body, StandardCharsets.UTF_8), took);
    } finally {
      if (!shared) client.close();
    }
  }

  static Check judge(ProbeCheck.Http check, int status, String body, Duration took) {
    if (!check.expects(status)) {
      return Check.down("HTTP " + status + ", expected " + String.join(", ",
          check.expectedStatus().stream().map(Object::toString).toList()));
    }
    if (check.bodyContains().isPresent() && !body.contains(check.bodyContains().get())) {
      return Check.down("HTTP " + status + ", but the body does not contain " + quoted(check.bodyContains().get()));
    }
    if (check.bodyMatches().isPresent() && !check.bodyMatches().get().matcher(body).find()) {
      return Check.down("HTTP " + status + ", but the body does not match " + quoted(check.bodyMatches().get().pattern()));
    }
    if (check.jsonPath().isPresent()) {
      Optional<String> problem = JsonPath.check(body, check.jsonPath().get(), check.jsonEquals());
      if (problem.isPresent()) return Check.down("HTTP " + status + ", but " + problem.get());
    }
    if (check.failAbove().isPresent() && took.compareTo(check.failAbove().get()) > 0) {
      return Check.down("HTTP " + status + " in " + millis(took) + ", slower than failAbove "
          + Durations.format(check.failAbove().get()));
    }
    if (check.degradedAbove().isPresent() && took.compareTo(check.degradedAbove().get()) > 0) {
      return Check.degraded("HTTP " + status + " in " + millis(took) + ", slower than degradedAbove "
          + Durations.format(check.degradedAbove().get()));
    }
    return Check.up("");
  }

  /** The header's value now, or empty when the variable or file it names is not there. */
  private Optional<String> value(String name, HeaderValue value) {
    return switch (value) {
      case HeaderValue.Text text -> {
        Matcher m = ENV_REFERENCE.matcher(text.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          String found = environment.apply(m.group(1));
          if (found == null) yield Optional.empty();
          m.appendReplacement(out, Matcher.quoteReplacement(found));
        }
        m.appendTail(out);
        yield Optional.of(out.toString());
      }
      case HeaderValue.FromFile file -> {
        try {
          yield Optional.of(Files.readString(file.path(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
          yield Optional.empty();
        }
      }
    };
  }

  /** Names what is missing, never a value. */
  private static Check missing(String header, HeaderValue value) {
    return switch (value) {
      case HeaderValue.Text text -> {
        Matcher m = ENV_REFERENCE.matcher(text.template());
        StringBuilder names = new StringBuilder();
        while (m.find()) names.append(names.isEmpty() ? "" : ", ").append(m.group(1));
        yield Check.down("header " + header + " needs the environment variable " + names + ", which is not set");
      }
      case HeaderValue.FromFile file -> Check.down("header " + header + " is read from " + file.path()
          + ", which cannot be read");
    };
  }

  private HttpClient client(ProbeCheck.Http check) throws Exception {
    ClientKey key = new ClientKey(check.followRedirects(), check.tls());
    HttpClient client = clients.get(key);
    if (client != null) return client;
    // A CA file is read again at each run: a renewed CA must not wait for a restart.
    // No connect timeout on the client: it is shared by probes of different timeouts. Each request's
    // own timeout, and the runner's deadline behind it, bound the connect too.
    HttpClient.Builder builder = HttpClient.newBuilder()
        .followRedirects(check.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
        .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    if (!check.tls().equals(ProbeCheck.Tls.DEFAULT)) builder.sslContext(Trust.context(check.tls()));
    client = builder.build();
    if (check.tls().caFile().isEmpty()) clients.put(key, client);
    return client;
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  private static String quoted(String text) {
    return "'" + NetworkProbeRunner.bounded(text) + "'";
  }
}
