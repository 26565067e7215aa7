package dev.governor.ingest.probe;

import dev.governor.basics.Names;
import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.GovernorDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.probe.HeaderValue;
import dev.governor.probe.Probe;
import dev.governor.probe.ProbeCheck;
import dev.governor.slo.SpecProblem;
import dev.governor.text.Durations;
import dev.governor.text.Quoted;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Parses {@code apiVersion: governor.dev/v1, kind: Probe} documents, reporting every problem with its
 * file, document, field path and line, as the other governor.dev readers do.
 *
 * <pre>
 * apiVersion: governor.dev/v1
 * kind: Probe
 * metadata:
 *   name: shop-home
 * spec:
 *   description: The shop's home page answers
 *   interval: 30s                 # 10s to 1h; default 30s
 *   timeout: 5s                   # at most the interval; default 10s (or the interval, if shorter)
 *   failuresToOpen: 3             # failures in a row that open an incident; 0 never does
 *   service: shop                 # the service its incidents belong to
 *   http:                         # exactly one of http, tcp, dns, tls
 *     url: https://shop.example.com/
 *     headers:
 *       Authorization: Bearer ${SHOP_TOKEN}      # from the server's environment
 *       X-Api-Key: {file: /run/secrets/shop-key} # read at every run
 *     expectStatus: [200-299]
 *     bodyContains: Welcome
 *     latency: {degradedAbove: 500ms, failAbove: 2s}
 * </pre>
 */
public final class ProbeReader {

  public static final String KIND = "Probe";

  /** Header names whose values are credentials, shown masked even when written into the YAML. */
  private static final Pattern SECRET_HEADER = Pattern.compile(
      "(?i)authorization|proxy-authorization|cookie|.*(token|secret|password|api-?key|auth).*");
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
  private static final List<String> CHECKS = List.of("http", "tcp", "dns", "tls");
  /** The JSON path grammar the HTTP check reads (see the probes module's JsonPath): checked when applied. */
  private static final Pattern JSON_PATH =
      Pattern.compile("\\$(\\.[A-Za-z_$][A-Za-z0-9_$-]*|\\['[^']*'\\]|\\[\\d+\\])*");

  private ProbeReader() {}

  /** One probe read from a document, with the document's own text (what is stored). */
  public record ProbeDocument(Probe probe, String source, int document, int line) {}

  public record Parsed(List<ProbeDocument> documents, List<SpecProblem> problems) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }
  }

  public static Parsed parse(String file, String text) {
    GovernorDocuments.Parsed<Probe> parsed = GovernorDocuments.parse(file, text, KIND, "probe", "shop-home",
        "http: {url: https://shop.example.com/}", ProbeReader::read, Probe::name);
    return new Parsed(parsed.documents().stream()
        .map(d -> new ProbeDocument(d.value(), d.source(), d.document(), d.line())).toList(), parsed.problems());
  }

  /** Whether a header of this name carries credentials, so that its value is never shown. */
  public static boolean isSecretHeader(String name) {
    return SECRET_HEADER.matcher(name).matches();
  }

  static Optional<Probe> read(DocContext ctx, GovernorDocuments.Named named) {
    YamlMap s = named.spec();
    String description = s.string("description").orElse("");
    Optional<Duration> interval = duration(ctx, s, "interval", "30s");
    Optional<Duration> timeout = duration(ctx, s, "timeout", "5s");
    int failuresToOpen = s.decimal("failuresToOpen", "3").flatMap(d -> wholeNumber(ctx, s, "failuresToOpen", d, 0, 1000))
        .orElse(Probe.DEFAULT_FAILURES_TO_OPEN);
    Optional<String> service = s.string("service");
    if (service.isPresent() && !Names.isValid(service.get())) {
      ctx.problem(s.child("service"), s.lineOf("service"), "service must be a service's name (lowercase letters,"
          + " digits, '-', '_', '.'), got " + Quoted.bounded(service.get()));
    }
    Map<String, String> labels = s.labels("labels").orElse(Map.of());
    Optional<ProbeCheck> check = check(ctx, s);
    s.rejectUnknownKeys();
    if (named.name().isEmpty() || check.isEmpty() || ctx.hasProblems()) return Optional.empty();
    Duration every = interval.orElse(Probe.DEFAULT_INTERVAL);
    Duration limit = timeout.orElse(Probe.DEFAULT_TIMEOUT.compareTo(every) < 0 ? Probe.DEFAULT_TIMEOUT : every);
    try {
      return Optional.of(new Probe(named.name().get(), description, check.get(), every, limit, failuresToOpen, service,
          labels));
    } catch (IllegalArgumentException e) {
      ctx.problem("spec", s.line(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<ProbeCheck> check(DocContext ctx, YamlMap s) {
    List<String> given = CHECKS.stream().filter(s::has).toList();
    if (given.size() != 1) {
      ctx.problem("spec", s.line(), "a probe does exactly one kind of check: give one of http (url), tcp (host, port),"
          + " dns (name) or tls (host)" + (given.isEmpty() ? "" : ", got " + String.join(" and ", given)));
      s.allow(CHECKS);
      return Optional.empty();
    }
    return switch (given.getFirst()) {
      case "http" -> s.map("http", "url: https://shop.example.com/").flatMap(h -> http(ctx, h));
      case "tcp" -> s.map("tcp", "host: db.internal, port: 5432").flatMap(t -> tcp(ctx, t));
      case "dns" -> s.map("dns", "name: shop.example.com, type: A").flatMap(d -> dns(ctx, d));
      default -> s.map("tls", "host: shop.example.com, port: 443").flatMap(t -> tlsExpiry(ctx, t));
    };
  }

  private static Optional<ProbeCheck> http(DocContext ctx, YamlMap h) {
    Optional<URI> url = h.requiredString("url", "https://shop.example.com/").flatMap(text -> {
      try {
        URI uri = new URI(text.strip());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null) {
          return Optional.of(uri);
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      ctx.problem(h.child("url"), h.lineOf("url"), "url must be an http:// or https:// URL with a host and without a"
          + " user or password (send credentials as a header), got " + Quoted.bounded(text));
      return Optional.empty();
    });
    String method = h.string("method").map(m -> m.strip().toUpperCase(Locale.ROOT)).orElse("GET");
    if (!method.matches("[A-Z]{1,16}")) {
      ctx.problem(h.child("method"), h.lineOf("method"), "method must be an HTTP method such as GET or POST, got "
          + Quoted.bounded(method));
    }
    Map<String, HeaderValue> headers = headers(ctx, h);
    Optional<String> body = h.string("body");
    List<ProbeCheck.StatusRange> expected = statuses(ctx, h);
    Optional<String> contains = h.string("bodyContains");
    Optional<Pattern> matches = h.string("bodyMatches").flatMap(regex -> {
      try {
        return Optional.of(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        ctx.problem(h.child("bodyMatches"), h.lineOf("bodyMatches"), "bodyMatches must be a regular expression: "
            + e.getDescription() + " in " + Quoted.bounded(regex));
        return Optional.empty();
      }
    });
    Optional<String> jsonPath = h.string("jsonPath");
    if (jsonPath.isPresent() && !JSON_PATH.matcher(jsonPath.get()).matches()) {
      ctx.problem(h.child("jsonPath"), h.lineOf("jsonPath"), "jsonPath must be a path from the root made of .name,"
          + " ['name'] and [index] steps, such as $.status or $.checks[0].ok, got " + Quoted.bounded(jsonPath.get()));
    }
    Optional<String> jsonEquals = h.string("jsonEquals");
    if (jsonEquals.isPresent() && jsonPath.isEmpty()) {
      ctx.problem(h.child("jsonEquals"), h.lineOf("jsonEquals"), "jsonEquals compares the value at jsonPath; give"
          + " jsonPath too, such as jsonPath: $.status");
    }
    boolean follow = h.bool("followRedirects").orElse(true);
    Optional<Duration> degradedAbove = Optional.empty();
    Optional<Duration> failAbove = Optional.empty();
    Optional<YamlMap> latency = h.map("latency", "degradedAbove: 500ms, failAbove: 2s");
    if (latency.isPresent()) {
      degradedAbove = duration(ctx, latency.get(), "degradedAbove", "500ms");
      failAbove = duration(ctx, latency.get(), "failAbove", "2s");
      latency.get().rejectUnknownKeys();
    }
    ProbeCheck.Tls tls = h.map("tls", "caFile: /etc/governor/ca.pem").map(t -> {
      ProbeCheck.Tls options = tls(ctx, t);
      if (options.serverName().isPresent()) {
        // Java's HTTP client sends the URL's host as the server name and checks the certificate against it.
        ctx.problem(t.child("serverName"), t.lineOf("serverName"), "an HTTP probe sends the URL's host as the TLS server"
            + " name; put the name in the url, or check the certificate with a tls probe, which takes serverName");
      }
      t.rejectUnknownKeys();
      return options;
    }).orElse(ProbeCheck.Tls.DEFAULT);
    h.rejectUnknownKeys();
    if (url.isEmpty() || ctx.hasProblems()) return Optional.empty();
    try {
      return Optional.of(new ProbeCheck.Http(url.get(), method, headers, body, expected, contains, matches, jsonPath,
          jsonEquals, follow, degradedAbove, failAbove, tls));
    } catch (IllegalArgumentException e) {
      ctx.problem(h.path(), h.line(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Map<String, HeaderValue> headers(DocContext ctx, YamlMap h) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    h.map("headers", "Accept: application/json").ifPresent(map -> {
      for (String name : map.keys()) {
        String at = map.child(name);
        if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")) {
          ctx.problem(at, map.lineOf(name), "a header name is a token such as X-Api-Key, got " + Quoted.bounded(name));
          continue;
        }
        Node value = map.get(name).orElseThrow();
        if (value instanceof MappingNode) {
          YamlMap from = YamlMap.of(ctx, at, value, "file: /run/secrets/token").orElseThrow();
          Optional<String> file = from.requiredString("file", "/run/secrets/token");
          from.rejectUnknownKeys();
          file.flatMap(f -> path(ctx, from, "file", f)).ifPresent(p -> headers.put(name, new HeaderValue.FromFile(p)));
        } else if (value instanceof ScalarNode scalar) {
          String text = scalar.getValue();
          if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            ctx.problem(at, value, "a header value must be one line");
            continue;
          }
          boolean secret = isSecretHeader(name) || ENV_REFERENCE.matcher(text).find();
          headers.put(name, new HeaderValue.Text(text, secret));
        } else {
          ctx.problem(at, value, "a header value is text (with ${NAME} for the environment) or {file: PATH}");
        }
      }
      map.rejectUnknownKeys();
    });
    return headers;
  }

  private static List<ProbeCheck.StatusRange> statuses(DocContext ctx, YamlMap h) {
    List<ProbeCheck.StatusRange> ranges = new ArrayList<>();
    if (!h.has("expectStatus")) return ranges;
    Node node = h.get("expectStatus").orElseThrow();
    List<String> texts = new ArrayList<>();
    if (node instanceof ScalarNode scalar) {
      texts.add(scalar.getValue());
    } else {
      for (YamlMap.Item item : h.list("expectStatus", "[200-299, 301]").orElse(List.of())) {
        if (item.node() instanceof ScalarNode scalar) texts.add(scalar.getValue());
        else ctx.problem(item.path(), item.node(), "each expected status is a code such as 200 or a range such as 200-299");
      }
    }
    for (String text : texts) {
      var m = Pattern.compile("\\s*(\\d{3})\\s*(?:-\\s*(\\d{3})\\s*)?").matcher(text);
      try {
        if (!m.matches()) throw new IllegalArgumentException("not a code or range");
        int from = Integer.parseInt(m.group(1));
        ranges.add(new ProbeCheck.StatusRange(from, m.group(2) == null ? from : Integer.parseInt(m.group(2))));
      } catch (IllegalArgumentException e) {
        ctx.problem(h.child("expectStatus"), h.lineOf("expectStatus"), "expectStatus holds codes such as 200 or ranges"
            + " such as 200-299 within 100-599, got " + Quoted.bounded(text));
      }
    }
    return ranges;
  }

  private static Optional<ProbeCheck> tcp(DocContext ctx, YamlMap t) {
    Optional<String> host = t.requiredString("host", "db.internal");
    Optional<Integer> port = t.required("port", "5432").flatMap(n -> t.decimal("port", "5432"))
        .flatMap(d -> wholeNumber(ctx, t, "port", d, 1, 65535));
    t.rejectUnknownKeys();
    if (host.isEmpty() || port.isEmpty()) return Optional.empty();
    return build(ctx, t, () -> new ProbeCheck.Tcp(host.get().strip(), port.get()));
  }

  private static Optional<ProbeCheck> dns(DocContext ctx, YamlMap d) {
    Optional<String> name = d.requiredString("name", "shop.example.com");
    ProbeCheck.RecordType type = d.string("type").flatMap(text -> {
      try {
        return Optional.of(ProbeCheck.RecordType.valueOf(text.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        ctx.problem(d.child("type"), d.lineOf("type"), "type must be one of A, AAAA, CNAME, MX, NS, TXT, got "
            + Quoted.bounded(text));
        return Optional.empty();
      }
    }).orElse(ProbeCheck.RecordType.A);
    Optional<String> server = d.string("server").map(String::strip);
    List<String> expected = new ArrayList<>();
    for (YamlMap.Item item : d.list("expect", "[93.184.216.34]").orElse(List.of())) {
      if (item.node() instanceof ScalarNode scalar) expected.add(scalar.getValue());
      else ctx.problem(item.path(), item.node(), "each expected record is one value, such as an address");
    }
    d.rejectUnknownKeys();
    if (name.isEmpty()) return Optional.empty();
    return build(ctx, d, () -> new ProbeCheck.Dns(name.get().strip(), type, server, expected));
  }

  private static Optional<ProbeCheck> tlsExpiry(DocContext ctx, YamlMap t) {
    Optional<String> host = t.requiredString("host", "shop.example.com");
    int port = t.decimal("port", "443").flatMap(d -> wholeNumber(ctx, t, "port", d, 1, 65535)).orElse(443);
    Duration warn = duration(ctx, t, "warnWithin", "30d").orElse(Duration.ofDays(30));
    Duration fail = duration(ctx, t, "failWithin", "7d").orElse(Duration.ofDays(7));
    ProbeCheck.Tls tls = tls(ctx, t);
    t.rejectUnknownKeys();
    if (host.isEmpty() || ctx.hasProblems()) return Optional.empty();
    return build(ctx, t, () -> new ProbeCheck.TlsExpiry(host.get().strip(), port, tls, warn, fail));
  }

  /** The trust options of a TLS connection, read from {@code t}; the caller rejects the keys nobody read. */
  private static ProbeCheck.Tls tls(DocContext ctx, YamlMap t) {
    Optional<Path> ca = t.string("caFile").flatMap(f -> path(ctx, t, "caFile", f));
    boolean insecure = t.bool("insecureSkipVerify").orElse(false);
    Optional<String> serverName = t.string("serverName").map(String::strip);
    return new ProbeCheck.Tls(ca, insecure, serverName);
  }

  private static Optional<ProbeCheck> build(DocContext ctx, YamlMap at, java.util.function.Supplier<ProbeCheck> check) {
    try {
      return Optional.of(check.get());
    } catch (IllegalArgumentException e) {
      ctx.problem(at.path(), at.line(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Path> path(DocContext ctx, YamlMap at, String key, String text) {
    try {
      return Optional.of(Path.of(text.strip()));
    } catch (InvalidPathException e) {
      ctx.problem(at.child(key), at.lineOf(key), key + " must be a file path, got " + Quoted.bounded(text));
      return Optional.empty();
    }
  }

  private static Optional<Duration> duration(DocContext ctx, YamlMap at, String key, String example) {
    return at.string(key).flatMap(text -> {
      try {
        Duration d = Durations.parse(text, at.child(key));
        if (!d.isPositive()) throw new IllegalArgumentException("must be above 0");
        return Optional.of(d);
      } catch (IllegalArgumentException e) {
        ctx.problem(at.child(key), at.lineOf(key), key + " must be a duration above 0 such as " + example + ": "
            + e.getMessage());
        return Optional.empty();
      }
    });
  }

  private static Optional<Integer> wholeNumber(DocContext ctx, YamlMap at, String key, java.math.BigDecimal value,
      int min, int max) {
    try {
      int n = value.intValueExact();
      if (n >= min && n <= max) return Optional.of(n);
    } catch (ArithmeticException e) {
      // reported below
    }
    ctx.problem(at.child(key), at.lineOf(key), key + " must be a whole number from " + min + " to " + max + ", got "
        + value.toPlainString());
    return Optional.empty();
  }
}
