package dev.governor.server.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.delivery.gate.AuditEntry;
import dev.governor.storage.jdbc.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grants a decision counts, read from a real SQLite audit trail at most once a {@link RecentGrants#REREAD}. */
class RecentGrantsTest {

  static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");
  static final Instant SINCE = NOW.minus(GateRoutes.GRANT_VALIDITY);

  @TempDir Path dataDir;
  Database database;
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  GateRoutesTest.CountingAudit audit;
  RecentGrants grants;

  @BeforeEach
  void open() {
    database = Database.sqlite(dataDir);
    audit = new GateRoutesTest.CountingAudit(database.audit());
    grants = new RecentGrants(audit, nanos::get);
  }

  @AfterEach
  void close() {
    database.close();
  }

  AuditEntry grant(String service, Instant at, String reason) {
    return new AuditEntry(0, at, AuditEntry.Action.GATE_APPROVAL, service, Optional.empty(), Optional.empty(),
        "granted", Optional.of("alice"), Optional.of(reason), "valid until later");
  }

  @Test
  void a_grant_recorded_by_someone_else_counts_once_the_read_is_a_reread_old() {
    assertThat(grants.of("checkout", SINCE)).isEmpty();
    audit.record(grant("checkout", NOW.minusSeconds(5), "another replica's"));

    nanos.addAndGet(RecentGrants.REREAD.toNanos() - 1);
    assertThat(grants.of("checkout", SINCE)).as("within the reread interval").isEmpty();
    nanos.addAndGet(1);
    assertThat(grants.of("checkout", SINCE)).extracting(e -> e.reason().orElseThrow())
        .containsExactly("another replica's");
    assertThat(audit.grantReads).hasValue(2);
  }

  @Test
  void a_grant_recorded_here_counts_at_once_newest_first_and_only_once_when_a_read_found_it_too() {
    audit.record(grant("checkout", NOW.minusSeconds(600), "older"));
    assertThat(grants.of("checkout", SINCE)).hasSize(1);

    AuditEntry newer = audit.record(grant("checkout", NOW.minusSeconds(1), "newer"));
    grants.recorded(newer);
    assertThat(grants.of("checkout", SINCE)).extracting(e -> e.reason().orElseThrow())
        .containsExactly("newer", "older");

    nanos.addAndGet(RecentGrants.REREAD.toNanos());
    assertThat(grants.of("checkout", SINCE)).as("read again").hasSize(2);
    grants.recorded(newer); // told after a read that already found it
    assertThat(grants.of("checkout", SINCE)).extracting(e -> e.reason().orElseThrow())
        .containsExactly("newer", "older");
    assertThat(audit.grantReads).hasValue(2);
    assertThat(grants.of("payments", SINCE)).as("per service").isEmpty();
  }

  @Test
  void two_grants_told_in_the_opposite_order_of_their_records_stay_newest_first() {
    assertThat(grants.of("checkout", SINCE)).isEmpty();
    AuditEntry first = audit.record(grant("checkout", NOW.minusSeconds(2), "first"));
    AuditEntry second = audit.record(grant("checkout", NOW.minusSeconds(2), "second"));

    grants.recorded(second);
    grants.recorded(first);

    assertThat(grants.of("checkout", SINCE)).extracting(e -> e.reason().orElseThrow())
        .as("as the trail orders them").containsExactly("second", "first");
  }

  @Test
  void names_asked_for_past_the_kept_limit_drop_the_reads_older_than_a_reread() {
    for (int i = 0; i < RecentGrants.KEPT_SERVICES; i++) grants.of("svc-" + i, SINCE);
    grants.of("fresh", SINCE);
    assertThat(grants.servicesKept()).as("none is a reread old yet").isEqualTo(RecentGrants.KEPT_SERVICES + 1);

    nanos.addAndGet(RecentGrants.REREAD.toNanos());
    grants.of("one-more", SINCE);

    assertThat(grants.servicesKept()).as("every read older than a reread dropped, the new one kept").isEqualTo(1);
    int reads = audit.grantReads.get();
    grants.of("one-more", SINCE);
    assertThat(audit.grantReads).hasValue(reads);
  }

  @Test
  void grants_age_out_with_the_decisions_own_since_and_an_earlier_since_reads_again() {
    audit.record(grant("checkout", NOW.minus(Duration.ofHours(3)), "three hours ago"));
    assertThat(grants.of("checkout", SINCE)).hasSize(1);

    assertThat(grants.of("checkout", SINCE.plus(Duration.ofHours(2)))).as("past its validity").isEmpty();
    assertThat(audit.grantReads).as("a later since is answered from the read").hasValue(1);

    audit.record(grant("checkout", NOW.minus(Duration.ofHours(5)), "five hours ago"));
    assertThat(grants.of("checkout", NOW.minus(Duration.ofHours(6)))).hasSize(2);
    assertThat(audit.grantReads).as("an earlier since than the read's is read again").hasValue(2);
  }
}
