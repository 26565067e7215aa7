package dev.governor.server.oncall;

import dev.governor.ingest.oncall.OnCallReader;
import dev.governor.oncall.OnCallDirectory;
import dev.governor.oncall.OnCallDocument;
import dev.governor.oncall.OnCallKind;
import dev.governor.oncall.OnCallResource;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.oncall.OnCallStore;
import dev.governor.slo.SpecProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-call documents in the store, as the {@link OnCallDirectory} incident escalation reads and
 * as the API applies and deletes them.
 *
 * <p>Every {@link #snapshot()} reads the store, so replicas on one PostgreSQL database see each
 * other's changes at once; only parsing is cached, per document and source text, since the same
 * few documents are read on every escalation tick. Applies and deletes of this process are
 * serialised, so that a delete cannot slip between an apply's reference check and its write. (Two
 * replicas can still race there; a reference left dangling that way pages nobody through it and
 * shows up in escalation results as a miss, rather than failing.)
 */
public final class StoredOnCall implements OnCallDirectory {

  private static final Logger log = LoggerFactory.getLogger(StoredOnCall.class);

  private final OnCallStore store;
  private final OnCallReader.Secrets secrets;
  private final Map<String, Parsed> cache = new ConcurrentHashMap<>();
  private final Object writes = new Object();
  private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A stored document's source and what it parsed to; empty when it no longer parses. */
  private record Parsed(String source, Optional<OnCallResource> resource) {}

  /** {@code env} resolves {@code secretFromEnv}: the server's environment. */
  public StoredOnCall(OnCallStore store, Map<String, String> env) {
    this.store = store;
    this.secrets = OnCallReader.Secrets.fromEnvironment(Map.copyOf(env));
  }

  /**
   * Runs {@code listener} after each apply or delete of this process that changed a stored
   * document: a new policy or schedule may page an incident that paged nobody so far.
   */
  public void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  private void changed() {
    for (Runnable listener : changeListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("an on-call change listener failed; the change is stored", e);
      }
    }
  }

  @Override
  public OnCallSnapshot snapshot() {
    return read().snapshot;
  }

  /** The snapshot and the stored documents it was made from. */
  record Read(OnCallSnapshot snapshot, List<OnCallDocument> documents) {
    Optional<OnCallDocument> document(OnCallKind kind, String name) {
      return documents.stream().filter(d -> d.kind() == kind && d.name().equals(name)).findFirst();
    }
  }

  Read read() {
    List<OnCallDocument> documents = store.all();
    List<OnCallResource> resources = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (OnCallDocument d : documents) {
      String key = d.kind().kind() + "/" + d.name();
      keys.add(key);
      Parsed parsed = cache.get(key);
      if (parsed == null || !parsed.source().equals(d.source())) {
        parsed = new Parsed(d.source(), parse(d));
        cache.put(key, parsed);
      }
      parsed.resource().ifPresent(resources::add);
    }
    cache.keySet().retainAll(keys);
    return new Read(OnCallSnapshot.of(resources), documents);
  }

  /**
   * A stored document parsed again. One that no longer parses (written by another version) is left
   * out and logged, once per source: the other schedules must keep paging.
   */
  private Optional<OnCallResource> parse(OnCallDocument d) {
    String file = d.kind().kind() + " " + d.name();
    OnCallReader.Parsed parsed = OnCallReader.parse(file, d.source(), secrets.lenient());
    parsed.warnings().forEach(w -> log.warn("on-call {}", w));
    if (!parsed.problems().isEmpty() || parsed.documents().size() != 1) {
      log.error("the stored {} no longer parses and is left out until it is applied again: {}", file, parsed.problems());
      return Optional.empty();
    }
    return Optional.of(parsed.documents().getFirst().resource());
  }

  /** What applying a file did, or why nothing was applied. */
  sealed interface ApplyOutcome {
    record Invalid(List<SpecProblem> problems) implements ApplyOutcome {}

    record Applied(List<Result> results) implements ApplyOutcome {}
  }

  record Result(OnCallKind kind, String name, String result) {}

  /** Applies every document of {@code text}, or none when any has a problem or names what does not exist. */
  ApplyOutcome apply(String file, String text, Instant now) {
    return apply(file, text, now, false);
  }

  /** As {@link #apply(String, String, Instant)}; with {@code dryRun} it checks and compares, and stores nothing. */
  ApplyOutcome apply(String file, String text, Instant now, boolean dryRun) {
    OnCallReader.Parsed parsed = OnCallReader.parse(file, text, secrets);
    if (!parsed.problems().isEmpty()) return new ApplyOutcome.Invalid(parsed.problems());
    if (parsed.documents().isEmpty()) {
      return new ApplyOutcome.Invalid(List.of(new SpecProblem(file, 1, "", 0,
          "the body holds no User, Schedule or EscalationPolicy document (apiVersion: governor.dev/v1); nothing to apply")));
    }
    List<OnCallDocument> changed = new ArrayList<>();
    List<Result> results = new ArrayList<>();
    synchronized (writes) {
      Read current = read();
      List<SpecProblem> problems = OnCallReader.check(parsed.documents(), current.snapshot());
      if (!problems.isEmpty()) return new ApplyOutcome.Invalid(problems);
      for (OnCallReader.Document d : parsed.documents()) {
        Optional<OnCallDocument> old = current.document(d.kind(), d.name());
        String result = old.isEmpty() ? "created" : old.get().source().equals(d.source()) ? "unchanged" : "updated";
        if (!result.equals("unchanged")) changed.add(new OnCallDocument(d.kind(), d.name(), d.source(), now));
        results.add(new Result(d.kind(), d.name(), result));
      }
      if (dryRun) return new ApplyOutcome.Applied(results);
      store.apply(changed);
    }
    if (!changed.isEmpty()) changed();
    return new ApplyOutcome.Applied(results);
  }

  sealed interface DeleteOutcome {
    record Deleted() implements DeleteOutcome {}

    record Absent() implements DeleteOutcome {}

    /** Still named by these, so it stays. */
    record Referenced(List<String> referrers) implements DeleteOutcome {}
  }

  DeleteOutcome delete(OnCallKind kind, String name) {
    synchronized (writes) {
      Read current = read();
      if (current.document(kind, name).isEmpty()) return new DeleteOutcome.Absent();
      List<String> referrers = current.snapshot().referrers(kind, name);
      if (!referrers.isEmpty()) return new DeleteOutcome.Referenced(referrers);
      if (!store.delete(kind, name)) return new DeleteOutcome.Absent();
    }
    changed();
    return new DeleteOutcome.Deleted();
  }
}
