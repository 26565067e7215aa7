package dev.governor.server.probes;

import dev.governor.basics.SliName;
import dev.governor.probe.HeaderValue;
import dev.governor.probe.Probe;
import dev.governor.probe.ProbeCheck;
import dev.governor.probe.ProbeResult;
import dev.governor.text.Durations;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Probes and their runs as the API and the UI show them. A header whose value is a secret (from the
 * environment, a file, or a credential header) is shown as {@value #MASK}, here and everywhere else.
 */
public final class ProbeViews {

  public static final String MASK = "***";

  private ProbeViews() {}

  /** One run. */
  public record Run(Instant startedAt, double latencyMs, String outcome, String detail) {
    static Run of(ProbeResult result) {
      return new Run(result.startedAt(), result.latency().toNanos() / 1_000_000.0, result.outcome().label(),
          result.detail());
    }
  }

  /** A probe with its latest run: what the list shows. */
  public record Summary(String name, String description, String type, String target, String interval, String timeout,
      int failuresToOpen, Optional<String> service, String state, int failuresInARow, Optional<Run> lastRun,
      List<String> slis) {}

  /** A probe in full: its check (secrets masked), labels and when it was applied. */
  public record Detail(Summary summary, Map<String, String> labels, Map<String, Object> check, Instant appliedAt) {}

  static Summary summary(Probe probe, Optional<ProbeResult> last, int failuresInARow, List<SliName> slis) {
    return new Summary(probe.name(), probe.description(), probe.check().type(), probe.check().target(),
        Durations.format(probe.interval()), Durations.format(probe.timeout()), probe.failuresToOpen(), probe.service(),
        last.map(r -> r.outcome().label()).orElse("pending"), failuresInARow, last.map(Run::of),
        slis.stream().map(SliName::value).toList());
  }

  static Detail detail(Summary summary, Probe probe, Instant appliedAt) {
    return new Detail(summary, probe.labels(), check(probe.check()), appliedAt);
  }

  /** The check's settings, as the YAML names them; secrets masked. */
  static Map<String, Object> check(ProbeCheck check) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (check) {
      case ProbeCheck.Http http -> {
        out.put("url", http.url().toString());
        out.put("method", http.method());
        Map<String, String> headers = new LinkedHashMap<>();
        http.headers().forEach((name, value) -> headers.put(name, shown(value)));
        out.put("headers", headers);
        out.put("expectStatus", http.expectedStatus().stream().map(Object::toString).toList());
        http.body().ifPresent(b -> out.put("body", b));
        http.bodyContains().ifPresent(b -> out.put("bodyContains", b));
        http.bodyMatches().ifPresent(b -> out.put("bodyMatches", b.pattern()));
        http.jsonPath().ifPresent(b -> out.put("jsonPath", b));
        http.jsonEquals().ifPresent(b -> out.put("jsonEquals", b));
        out.put("followRedirects", http.followRedirects());
        http.degradedAbove().ifPresent(d -> out.put("degradedAbove", Durations.format(d)));
        http.failAbove().ifPresent(d -> out.put("failAbove", Durations.format(d)));
        tls(out, http.tls());
      }
      case ProbeCheck.Tcp tcp -> {
        out.put("host", tcp.host());
        out.put("port", tcp.port());
      }
      case ProbeCheck.Dns dns -> {
        out.put("name", dns.name());
        out.put("type", dns.recordType().name());
        dns.server().ifPresent(s -> out.put("server", s));
        out.put("expect", dns.expected());
      }
      case ProbeCheck.TlsExpiry tls -> {
        out.put("host", tls.host());
        out.put("port", tls.port());
        out.put("warnWithin", Durations.format(tls.warnWithin()));
        out.put("failWithin", Durations.format(tls.failWithin()));
        tls(out, tls.tls());
      }
    }
    return out;
  }

  private static void tls(Map<String, Object> out, ProbeCheck.Tls tls) {
    tls.caFile().ifPresent(f -> out.put("caFile", f.toString()));
    if (tls.insecureSkipVerify()) out.put("insecureSkipVerify", true);
    tls.serverName().ifPresent(n -> out.put("serverName", n));
  }

  private static String shown(HeaderValue value) {
    return switch (value) {
      case HeaderValue.Text text -> text.secret() ? MASK : text.template();
      case HeaderValue.FromFile file -> MASK;
    };
  }
}
