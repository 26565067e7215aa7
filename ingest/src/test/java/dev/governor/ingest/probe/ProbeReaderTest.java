package dev.governor.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.probe.HeaderValue;
import dev.governor.probe.Probe;
import dev.governor.probe.ProbeCheck;
import dev.governor.slo.SpecProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeReaderTest {

  @Test
  void anHttpProbe_readsInFull_withItsSecretsMarked() {
    ProbeReader.Parsed parsed = ProbeReader.parse("probes.yaml", """
        apiVersion: governor.dev/v1
        kind: Probe
        metadata:
          name: shop-home
        spec:
          description: The shop's home page answers
          interval: 15s
          timeout: 3s
          failuresToOpen: 2
          service: shop
          labels: {team: web}
          http:
            url: https://shop.example.com/health
            method: post
            headers:
              Accept: application/json
              Authorization: Bearer ${SHOP_TOKEN}
              X-Api-Key: {file: /run/secrets/shop-key}
              X-Trace: plain
            body: '{"ping": true}'
            expectStatus: [200-204, 301]
            bodyContains: ok
            bodyMatches: "v[0-9]+"
            jsonPath: $.status
            jsonEquals: up
            followRedirects: false
            latency: {degradedAbove: 500ms, failAbove: 2s}
            tls: {insecureSkipVerify: true}
        """);

    assertThat(parsed.problems()).isEmpty();
    Probe probe = parsed.documents().getFirst().probe();
    assertThat(probe.interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(probe.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(probe.failuresToOpen()).isEqualTo(2);
    assertThat(probe.service()).contains("shop");
    assertThat(probe.labels()).containsEntry("team", "web");
    ProbeCheck.Http http = (ProbeCheck.Http) probe.check();
    assertThat(http.method()).isEqualTo("POST");
    assertThat(http.headers()).containsEntry("Accept", new HeaderValue.Text("application/json", false))
        .containsEntry("Authorization", new HeaderValue.Text("Bearer ${SHOP_TOKEN}", true))
        .containsEntry("X-Api-Key", new HeaderValue.FromFile(Path.of("/run/secrets/shop-key")))
        .containsEntry("X-Trace", new HeaderValue.Text("plain", false));
    assertThat(http.expects(204)).isTrue();
    assertThat(http.expects(301)).isTrue();
    assertThat(http.expects(302)).isFalse();
    assertThat(http.followRedirects()).isFalse();
    assertThat(http.degradedAbove()).contains(Duration.ofMillis(500));
    assertThat(http.failAbove()).contains(Duration.ofSeconds(2));
    assertThat(http.tls().insecureSkipVerify()).isTrue();
    assertThat(http.jsonEquals()).contains("up");
  }

  @Test
  void tcpDnsAndTlsProbes_takeTheirDefaults() {
    ProbeReader.Parsed parsed = ProbeReader.parse("probes.yaml", """
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: db}
        spec:
          tcp: {host: db.internal, port: 5432}
        ---
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: shop-dns}
        spec:
          interval: 1m
          dns: {name: shop.example.com, type: txt, server: "127.0.0.1:5353", expect: [v=spf1]}
        ---
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: shop-cert}
        spec:
          interval: 1h
          failuresToOpen: 0
          tls: {host: shop.example.com, warnWithin: 20d, failWithin: 3d, caFile: /etc/ca.pem}
        """);

    assertThat(parsed.problems()).isEmpty();
    List<Probe> probes = parsed.documents().stream().map(ProbeReader.ProbeDocument::probe).toList();
    assertThat(probes.get(0).check()).isEqualTo(new ProbeCheck.Tcp("db.internal", 5432));
    assertThat(probes.get(0).interval()).isEqualTo(Probe.DEFAULT_INTERVAL);
    assertThat(probes.get(0).timeout()).isEqualTo(Probe.DEFAULT_TIMEOUT);
    assertThat(probes.get(0).failuresToOpen()).isEqualTo(Probe.DEFAULT_FAILURES_TO_OPEN);
    assertThat(probes.get(1).check()).isEqualTo(new ProbeCheck.Dns("shop.example.com", ProbeCheck.RecordType.TXT,
        Optional.of("127.0.0.1:5353"), List.of("v=spf1")));
    assertThat(probes.get(2).check()).isEqualTo(new ProbeCheck.TlsExpiry("shop.example.com", 443,
        new ProbeCheck.Tls(Optional.of(Path.of("/etc/ca.pem")), false, Optional.empty()), Duration.ofDays(20),
        Duration.ofDays(3)));
    assertThat(probes.get(2).failuresToOpen()).isZero();
  }

  @Test
  void everyProblemIsNamedWithItsFieldAndLine_andNothingIsRead() {
    ProbeReader.Parsed parsed = ProbeReader.parse("probes.yaml", """
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: shop}
        spec:
          interval: 5s
          http:
            url: ftp://user:pw@shop.example.com/
            expectStatus: [200, 700]
            bodyMatches: "(unclosed"
            colour: blue
        ---
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: both}
        spec:
          tcp: {host: a, port: 1}
          dns: {name: b}
        ---
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: slow}
        spec:
          interval: 10s
          timeout: 20s
          tcp: {host: a, port: 70000}
        """);

    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).extracting(SpecProblem::path).contains("spec.http.url", "spec.http.expectStatus",
        "spec.http.bodyMatches", "spec.http.colour", "spec.tcp.port");
    assertThat(parsed.problems()).anySatisfy(p -> assertThat(p.message()).contains("exactly one kind of check")
        .contains("tcp and dns"));
    assertThat(parsed.problems()).filteredOn(p -> p.path().equals("spec.http.url")).singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(7));
    assertThat(parsed.problems()).filteredOn(p -> p.path().equals("spec.http.expectStatus")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("700"));
  }

  @Test
  void anIntervalOutsideTenSecondsToAnHour_orATimeoutLongerThanIt_isRefused() {
    ProbeReader.Parsed parsed = ProbeReader.parse("probes.yaml", """
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: fast}
        spec:
          interval: 5s
          tcp: {host: a, port: 1}
        ---
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: patient}
        spec:
          interval: 10s
          timeout: 20s
          tcp: {host: a, port: 1}
        """);

    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).extracting(SpecProblem::message).anySatisfy(m -> assertThat(m).contains("10s to 1h"))
        .anySatisfy(m -> assertThat(m).contains("at most its interval"));
  }

  @Test
  void secretHeaders_areKnownByName() {
    assertThat(ProbeReader.isSecretHeader("Authorization")).isTrue();
    assertThat(ProbeReader.isSecretHeader("x-api-key")).isTrue();
    assertThat(ProbeReader.isSecretHeader("X-Auth-Token")).isTrue();
    assertThat(ProbeReader.isSecretHeader("Accept")).isFalse();
  }

  @Test
  void anHttpProbe_cannotSetTheTlsServerName_whichOnlyATlsProbeSends() {
    ProbeReader.Parsed parsed = ProbeReader.parse("probes.yaml", """
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: shop}
        spec:
          http:
            url: https://10.0.0.7/
            tls: {serverName: shop.example.com}
        """);

    assertThat(parsed.documents()).isEmpty();
    assertThat(parsed.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("spec.http.tls.serverName");
      assertThat(p.message()).contains("tls probe");
    });
  }

  @Test
  void aJsonPathOutsideTheGrammar_isRefusedWhenApplied_notFoundOutAtTheFirstRun() {
    String probe = """
        apiVersion: governor.dev/v1
        kind: Probe
        metadata: {name: shop}
        spec:
          http: {url: "https://shop.example.com/health", jsonPath: "%s"}
        """;
    assertThat(ProbeReader.parse("p.yaml", probe.formatted("$.checks[0]['ok']")).problems()).isEmpty();
    assertThat(ProbeReader.parse("p.yaml", probe.formatted("$")).problems()).isEmpty();
    for (String bad : List.of("status", "$.checks[*].ok", "$..ok", "$.checks[0", "$[?(@.ok)]")) {
      assertThat(ProbeReader.parse("p.yaml", probe.formatted(bad)).problems()).as(bad).singleElement()
          .satisfies(p -> assertThat(p.path()).isEqualTo("spec.http.jsonPath"));
    }
  }
}
