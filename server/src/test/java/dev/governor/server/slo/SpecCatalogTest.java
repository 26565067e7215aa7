package dev.governor.server.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.ResourceDocument;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.sli.Bucket;
import dev.governor.sli.BucketIncrement;
import dev.governor.sli.BucketStore;
import dev.governor.sli.SeriesKey;
import dev.governor.slo.EvaluatorSettings;
import dev.governor.basics.EventCounts;
import dev.governor.slo.Evaluator;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.ResourceStore;
import dev.governor.basics.SloName;
import dev.governor.slo.StoredResource;
import dev.governor.storage.jdbc.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store and the evaluator agree after every change, also when loading a stored change fails:
 * a real SQLite database behind stores that fail on cue, as a database that goes away would.
 */
class SpecCatalogTest {

  private static final String CHECKOUT = resource("checkout.yaml");
  /** A second SLO with an SLI of its own. */
  private static final String COPY = CHECKOUT
      .replace("name: checkout-availability", "name: checkout-copy")
      .replace("name: checkout-requests", "name: checkout-copy-requests");

  /** A second SLO over the same SLI: its objectives share a shard of running sums with the first. */
  private static final String SIBLING = CHECKOUT.replace("name: checkout-availability", "name: checkout-sibling");

  @TempDir Path dataDir;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T10:00:30Z"));
  private final InstantSource clock = now::get;
  private final Outage outage = new Outage();
  private Database database;
  private Evaluator evaluator;
  private SpecCatalog catalog;

  @BeforeEach
  void open() {
    database = Database.sqlite(dataDir);
    evaluator = new Evaluator(
        outage.buckets(database.buckets()), database.alerts(), clock, EvaluatorSettings.DEFAULTS);
    catalog = new SpecCatalog(outage.resources(database.resources()), evaluator, clock);
    assertThat(catalog.apply(parse(CHECKOUT), false)).isInstanceOf(SpecCatalog.ApplyOutcome.Done.class);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aLoadThatFails_isUndoneInTheStore_soTheStoreHoldsWhatTheEvaluatorLoaded() {
    outage.failingBucketReads.set(1);

    assertThatThrownBy(() -> catalog.apply(parse(changedTarget() + "---\n" + COPY), false))
        .hasMessageContaining("database down");

    assertThat(stored()).containsExactly("SLO checkout-availability target: 0.999");
    assertThat(loadedSlos()).containsExactly("checkout-availability");
    assertThat(loadedTarget()).isEqualTo("0.999");
    assertThat(catalog.stale()).isFalse();
  }

  @Test
  void aDeleteWhoseLoadFails_isUndone_andTheSloStays() {
    catalog.apply(parse(SIBLING), false);
    // Loading then moves the windows of the SLO that stays beside the deleted one, reading the
    // minutes that left them.
    now.updateAndGet(t -> t.plus(Duration.ofMinutes(2)));
    outage.failingBucketReads.set(1);

    assertThatThrownBy(() -> catalog.deleteSlo(new SloName("checkout-sibling")))
        .hasMessageContaining("database down");

    assertThat(stored()).containsExactly(
        "SLO checkout-availability target: 0.999", "SLO checkout-sibling target: 0.999");
    assertThat(loadedSlos()).containsExactly("checkout-availability", "checkout-sibling");
    assertThat(catalog.stale()).isFalse();
  }

  @Test
  void whenTheUndoFailsToo_theCatalogIsStale_andReconcilingLoadsWhatIsStored() {
    outage.downAfterNextApply = true;

    Throwable failure = catchThrowable(
        () -> catalog.apply(parse(changedTarget()), false));

    assertThat(failure).hasMessageContaining("database down");
    assertThat(failure.getSuppressed()).as("the failed undo travels with the failure").hasSize(1);
    assertThat(catalog.stale()).isTrue();
    assertThat(loadedTarget()).isEqualTo("0.999");

    assertThatThrownBy(catalog::reconcile).hasMessageContaining("database down");
    assertThat(catalog.stale()).as("still down: still stale").isTrue();

    outage.down = false;
    catalog.reconcile();

    assertThat(catalog.stale()).isFalse();
    assertThat(stored()).containsExactly("SLO checkout-availability target: 0.995");
    assertThat(loadedTarget()).isEqualTo("0.995");
  }

  @Test
  void whenTheUndoFailsToo_retryingTheApply_loadsWhatIsStored() {
    outage.downAfterNextApply = true;
    assertThatThrownBy(() -> catalog.apply(parse(changedTarget()), false));
    outage.down = false;

    SpecCatalog.ApplyOutcome retried = catalog.apply(parse(changedTarget()), false);

    assertThat(retried).isEqualTo(new SpecCatalog.ApplyOutcome.Done(List.of(new SpecCatalog.Applied(
        ResourceKind.SLO, "checkout-availability", SpecCatalog.Change.UNCHANGED))));
    assertThat(loadedTarget()).isEqualTo("0.995");
    assertThat(catalog.stale()).isFalse();
  }

  private static String changedTarget() {
    return CHECKOUT.replace("target: 0.999", "target: 0.995");
  }

  /** What the database holds, read past the failing stores: "SLO name target: x". */
  private List<String> stored() {
    return database.resources().all().stream()
        .map(r -> r.kind().openSloKind() + " " + r.name() + " " + r.source().lines()
            .filter(l -> l.strip().startsWith("target:")).findFirst().orElseThrow().strip())
        .toList();
  }

  private List<String> loadedSlos() {
    return evaluator.catalog().slos().stream().map(s -> s.name().value()).toList();
  }

  private String loadedTarget() {
    return evaluator.catalog().slo(new SloName("checkout-availability")).orElseThrow()
        .objectives().getFirst().target().toDecimalString();
  }

  private static List<ResourceDocument> parse(String yaml) {
    ParsedSpecs parsed = SpecParser.parse("test.yaml", yaml);
    assertThat(parsed.problems()).isEmpty();
    return parsed.documents();
  }

  private static String resource(String name) {
    try (InputStream in = SpecCatalogTest.class.getResourceAsStream("/specs/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the stores fail the way a database that went away does. */
  private static final class Outage {
    /** Everything fails. */
    volatile boolean down;
    /** The next resource write succeeds, then the database goes down. */
    volatile boolean downAfterNextApply;
    /** How many bucket reads fail before the database answers again. */
    final AtomicInteger failingBucketReads = new AtomicInteger();

    private void check() {
      if (down || failingBucketReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("database down (test)");
      }
    }

    ResourceStore resources(ResourceStore store) {
      return new ResourceStore() {
        @Override
        public void apply(List<StoredResource> resources) {
          if (down) throw new IllegalStateException("database down (test)");
          store.apply(resources);
          if (downAfterNextApply) {
            downAfterNextApply = false;
            down = true;
          }
        }

        @Override
        public boolean delete(ResourceKind kind, String name) {
          if (down) throw new IllegalStateException("database down (test)");
          return store.delete(kind, name);
        }

        @Override
        public List<StoredResource> all() {
          if (down) throw new IllegalStateException("database down (test)");
          return store.all();
        }
      };
    }

    BucketStore buckets(BucketStore store) {
      return new BucketStore() {
        @Override
        public void add(List<BucketIncrement> increments, List<dev.governor.sli.SourceMarks> marks) {
          check();
          store.add(increments, marks);
        }

        @Override
        public java.util.Map<String, String> marks(String source) {
          return store.marks(source);
        }

        @Override
        public void replace(SeriesKey series, java.util.Map<Instant, EventCounts> minutes) {
          check();
          store.replace(series, minutes);
        }

        @Override
        public EventCounts sum(SeriesKey series, Instant from, Instant to) {
          check();
          return store.sum(series, from, to);
        }

        @Override
        public List<Bucket> range(SeriesKey series, Instant from, Instant to) {
          check();
          return store.range(series, from, to);
        }

        @Override
        public Map<SeriesKey, EventCounts> at(Instant minute, Collection<SeriesKey> series) {
          check();
          return store.at(minute, series);
        }

        @Override
        public long deleteBefore(Instant cutoff) {
          check();
          return store.deleteBefore(cutoff);
        }
      };
    }
  }
}
