package dev.governor.server.slo;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.ResourceDocument;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.prometheus.promql.PullPlan;
import dev.governor.slo.Catalog;
import dev.governor.slo.Evaluator;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.ResourceStore;
import dev.governor.basics.Names;
import dev.governor.basics.SliName;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import dev.governor.slo.SpecProblem;
import dev.governor.slo.StoredResource;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applied OpenSLO documents: the store holds their text, the evaluator the catalog they
 * resolve to. Every change resolves the whole set first, and only a set that resolves is stored and
 * loaded, so the store never holds documents that do not fit together.
 *
 * <p>Changes are serialised by a lock: two applies that each resolve against the same stored set
 * and then both store would otherwise leave a set that nobody resolved. The lock is per process; a
 * deployment with several replicas on one database needs a database lock here (not built yet).
 *
 * <h2>Stored equals loaded</h2>
 * A change is stored first, then loaded, and loading can fail after the store committed: loading
 * reads the history (the database may have gone away between the two), or a bug throws. The store
 * and the evaluator are two systems with no transaction spanning both, so the store is the truth
 * and the evaluator must come back to it:
 * <ol>
 *   <li>On a failed load the change is undone in the store (the replaced documents written back,
 *       the created ones deleted) and what the store then holds is loaded again. Undoing, rather
 *       than retrying the load, matters when the load fails for the new documents themselves: left
 *       stored, they would fail every later load, and every start.
 *   <li>The undo needs the database too, and fails when the database is what went away. Then the
 *       catalog is marked stale: the next change loads the whole resolved set even when it stores
 *       nothing (so retrying the failed request repairs it), and {@link #reconcile} (every
 *       evaluation tick) loads what the store holds once the database answers.
 * </ol>
 * The request that failed is answered with the load's own error: a 503 when the database failed,
 * a 500 otherwise.
 */
public final class SpecCatalog {

  /** What applying did to one document. */
  public enum Change {
    CREATED, UPDATED, UNCHANGED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public record Applied(ResourceKind kind, String name, Change result) {}

  public sealed interface ApplyOutcome {
    record Done(List<Applied> applied) implements ApplyOutcome {}

    record Invalid(List<SpecProblem> problems) implements ApplyOutcome {}
  }

  public sealed interface DeleteOutcome {
    record Deleted() implements DeleteOutcome {}

    record Absent() implements DeleteOutcome {}

    /** What is left would not resolve (it did not before either: an SLO has no dependants). */
    record Unresolvable(List<SpecProblem> problems) implements DeleteOutcome {}
  }

  /** Each kind before the kinds it may name: an SLO names an SLI, a Service and an AlertPolicy. */
  private static final List<ResourceKind> DEPENDENTS_FIRST = List.of(
      ResourceKind.SLO, ResourceKind.SLI, ResourceKind.ALERT_POLICY, ResourceKind.SERVICE,
      ResourceKind.DATA_SOURCE, ResourceKind.ALERT_CONDITION, ResourceKind.ALERT_NOTIFICATION_TARGET);

  private static final Logger log = LoggerFactory.getLogger(SpecCatalog.class);

  private record Key(ResourceKind kind, String name) {
    static Key of(ResourceDocument d) {
      return new Key(d.kind(), d.name());
    }

    static Key of(StoredResource r) {
      return new Key(r.kind(), r.name());
    }
  }

  private final ResourceStore store;
  private final Evaluator evaluator;
  private final InstantSource clock;
  private final ReentrantLock changes = new ReentrantLock();
  /** The evaluator may not hold what the store holds: a failed load could not be undone. */
  private volatile boolean stale;
  /** The composite SLOs that have an SLO as a member: such an SLO may not be deleted. */
  private volatile java.util.function.Function<SloName, List<SloName>> dependents = name -> List.of();
  private final List<java.util.function.Consumer<Catalog>> onLoaded = new java.util.concurrent.CopyOnWriteArrayList<>();

  public SpecCatalog(ResourceStore store, Evaluator evaluator, InstantSource clock) {
    this.store = store;
    this.evaluator = evaluator;
    this.clock = clock;
  }

  /** Says which composite SLOs depend on an SLO, so that deleting it is refused while they do. */
  public void deletionGuard(java.util.function.Function<SloName, List<SloName>> dependents) {
    this.dependents = dependents;
  }

  /**
   * The catalog the stored documents resolve to, for loading at start-up.
   *
   * @throws IllegalStateException when they do not resolve: they did when they were stored, so a
   *     parser that changed its mind or a store edited by hand; starting with part of the SLOs
   *     silently missing would be worse than not starting
   */
  public static Catalog resolveStored(ResourceStore store) {
    List<SpecProblem> problems = new ArrayList<>();
    List<ResourceDocument> documents = reparse(store.all(), problems);
    if (problems.isEmpty()) {
      switch (CatalogResolver.resolve(documents)) {
        case Resolution.Resolved resolved -> {
          return resolved.catalog();
        }
        case Resolution.Invalid invalid -> problems.addAll(invalid.problems());
      }
    }
    throw new IllegalStateException("the stored OpenSLO documents do not resolve; fix or delete them:\n  "
        + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n  ")));
  }

  /**
   * Applies {@code incoming} on top of the stored documents (same kind and name replaces), all or
   * nothing. With {@code dryRun} nothing is stored or loaded, but the answer is the same.
   */
  public ApplyOutcome apply(List<ResourceDocument> incoming, boolean dryRun) {
    List<SpecProblem> duplicates = duplicates(incoming);
    if (!duplicates.isEmpty()) return new ApplyOutcome.Invalid(duplicates);
    changes.lock();
    try {
      List<StoredResource> stored = store.all();
      Map<Key, StoredResource> storedByKey = new HashMap<>();
      stored.forEach(r -> storedByKey.put(Key.of(r), r));

      List<SpecProblem> problems = new ArrayList<>();
      Map<Key, ResourceDocument> merged = new LinkedHashMap<>();
      reparse(stored, problems).forEach(d -> merged.put(Key.of(d), d));
      incoming.forEach(d -> merged.put(Key.of(d), d));
      if (!problems.isEmpty()) return new ApplyOutcome.Invalid(problems);

      Catalog catalog;
      switch (CatalogResolver.resolve(List.copyOf(merged.values()))) {
        case Resolution.Invalid invalid -> {
          return new ApplyOutcome.Invalid(invalid.problems());
        }
        case Resolution.Resolved resolved -> catalog = resolved.catalog();
      }
      List<SpecProblem> unpullable = unpullable(catalog, incoming);
      if (!unpullable.isEmpty()) return new ApplyOutcome.Invalid(unpullable);

      List<Applied> applied = new ArrayList<>();
      List<StoredResource> toStore = new ArrayList<>();
      for (ResourceDocument d : incoming) {
        Change change = changeOf(Optional.ofNullable(storedByKey.get(Key.of(d))), d);
        applied.add(new Applied(d.kind(), d.name(), change));
        if (change != Change.UNCHANGED) {
          toStore.add(new StoredResource(d.kind(), d.name(), d.source(), clock.instant()));
        }
      }
      if (!dryRun && (!toStore.isEmpty() || stale)) {
        List<StoredResource> replaced = toStore.stream()
            .map(r -> storedByKey.get(Key.of(r)))
            .filter(Objects::nonNull)
            .toList();
        List<Key> created = toStore.stream()
            .map(Key::of)
            .filter(k -> !storedByKey.containsKey(k))
            .sorted(Comparator.comparing(k -> DEPENDENTS_FIRST.indexOf(k.kind())))
            .toList();
        // All or nothing: when this throws, the store is as it was.
        store.apply(toStore);
        load(catalog, () -> {
          // Replaced documents first: should a delete then fail, what is left still resolves,
          // because dependants are deleted before what they name.
          store.apply(replaced);
          created.forEach(k -> store.delete(k.kind(), k.name()));
        });
      }
      return new ApplyOutcome.Done(applied);
    } finally {
      changes.unlock();
    }
  }

  /**
   * The SLIs the incoming documents define or use (as SLO, SLI or DataSource) that name a
   * Prometheus to pull from with queries Governor refuses, as problems of the document that brought
   * them. Only those: an SLI stored before this rule existed does not block unrelated applies.
   */
  private static List<SpecProblem> unpullable(Catalog catalog, List<ResourceDocument> incoming) {
    return problemsOf(PullPlan.refusals(catalog), catalog, incoming);
  }

  /** {@link #unpullable} as {@code slo validate} checks it, away from the server's environment. */
  public static List<SpecProblem> unpullableOffline(Catalog catalog, List<ResourceDocument> incoming) {
    return problemsOf(PullPlan.refusalsWithoutTheServersEnvironment(catalog), catalog, incoming);
  }

  private static List<SpecProblem> problemsOf(List<PullPlan.Refused> refusals, Catalog catalog,
      List<ResourceDocument> incoming) {
    List<SpecProblem> problems = new ArrayList<>();
    for (PullPlan.Refused refused : refusals) {
      incoming.stream().filter(d -> brings(catalog, d, refused.sli())).findFirst().ifPresent(d -> problems.add(
          new SpecProblem(d.file(), d.document(), "", d.line(), refused.reason())));
    }
    return problems;
  }

  private static boolean brings(Catalog catalog, ResourceDocument d, SliName sli) {
    return switch (d.kind()) {
      case SLI -> d.name().equals(sli.value());
      case SLO -> catalog.slos().stream().anyMatch(s -> s.name().value().equals(d.name()) && s.indicator().name().equals(sli));
      case DATA_SOURCE -> catalog.slos().stream().map(Slo::indicator).filter(i -> i.name().equals(sli))
          .anyMatch(i -> i.metric().sources().stream().anyMatch(m -> m.dataSourceRef().filter(d.name()::equals).isPresent()));
      default -> false;
    };
  }

  public DeleteOutcome deleteSlo(SloName name) {
    return delete(ResourceKind.SLO, name.value());
  }

  /**
   * Deletes one applied document of any OpenSLO kind, unless what is left would not resolve (an SLI
   * that an SLO still names): then nothing changes and the problems say what still needs it.
   */
  public DeleteOutcome delete(ResourceKind kind, String name) {
    changes.lock();
    try {
      if (kind == ResourceKind.SLO && Names.isValid(name)) {
        List<SloName> composites = dependents.apply(SloName.of(name));
        if (!composites.isEmpty()) {
          return new DeleteOutcome.Unresolvable(List.of(new SpecProblem("stored:SLO/" + name, 1, "metadata.name", 0,
              "SLO " + name + " is a member of the composite SLO" + (composites.size() == 1 ? " " : "s ")
                  + composites.stream().map(SloName::value).toList() + "; delete or change "
                  + (composites.size() == 1 ? "it" : "them") + " first (DELETE /api/v1/composites/{name})")));
        }
      }
      List<StoredResource> stored = store.all();
      Key target = new Key(kind, name);
      Optional<StoredResource> removed = stored.stream().filter(r -> Key.of(r).equals(target)).findFirst();
      if (removed.isEmpty()) {
        return new DeleteOutcome.Absent();
      }
      List<SpecProblem> problems = new ArrayList<>();
      List<ResourceDocument> rest = reparse(
          stored.stream().filter(r -> !Key.of(r).equals(target)).toList(), problems);
      if (!problems.isEmpty()) return new DeleteOutcome.Unresolvable(problems);
      switch (CatalogResolver.resolve(rest)) {
        case Resolution.Invalid invalid -> {
          return new DeleteOutcome.Unresolvable(invalid.problems());
        }
        case Resolution.Resolved resolved -> {
          store.delete(kind, name);
          load(resolved.catalog(), () -> store.apply(List.of(removed.get())));
          return new DeleteOutcome.Deleted();
        }
      }
    } finally {
      changes.unlock();
    }
  }

  /**
   * Loads what the store holds when a failed change left the evaluator holding something else; a
   * no-op otherwise. The evaluation scheduler calls it before every tick.
   */
  public void reconcile() {
    if (!stale) return;
    changes.lock();
    try {
      if (!stale) return;
      loadEvaluator(resolveStored(store));
      stale = false;
      log.info("the stored OpenSLO documents are loaded again; the evaluator agrees with the store");
    } finally {
      changes.unlock();
    }
  }

  /**
   * Runs {@code listener} with every catalog the evaluator loads from here on, after it loaded it
   * (the PromQL puller re-plans with it, the probes find their SLIs). It runs under the change
   * lock: it must be quick.
   */
  public void onLoaded(java.util.function.Consumer<Catalog> listener) {
    onLoaded.add(listener);
  }

  private void loadEvaluator(Catalog catalog) {
    evaluator.load(catalog);
    for (var listener : onLoaded) {
      try {
        listener.accept(catalog);
      } catch (RuntimeException e) {
        // The change is stored and loaded; a listener's bug must not turn it into a failed request.
        log.error("a listener of loaded catalogs failed", e);
      }
    }
  }

  /** Whether the evaluator may hold other documents than the store (see the class comment). */
  public boolean stale() {
    return stale;
  }

  /**
   * Loads {@code next}, which the store holds now. When that fails, {@code undo} puts the store
   * back and what it then holds is loaded; when that fails too, the catalog is stale until
   * {@link #reconcile} or the next change. Either way the load's failure is rethrown.
   */
  private void load(Catalog next, Runnable undo) {
    try {
      loadEvaluator(next);
      stale = false;
    } catch (RuntimeException loadFailed) {
      try {
        undo.run();
        loadEvaluator(resolveStored(store));
        stale = false;
      } catch (RuntimeException undoFailed) {
        loadFailed.addSuppressed(undoFailed);
        stale = true;
        log.warn("a change to the OpenSLO documents was stored but could not be loaded, nor undone ({});"
            + " loading the stored documents again on every evaluation tick", undoFailed.toString());
      }
      throw loadFailed;
    }
  }

  /**
   * The stored text of one SLO document, as it was applied but with the values of credentials
   * ({@code token}, {@code username}, {@code password}) masked: this is what the API and the UI
   * show, to anyone who may read SLOs.
   */
  public Optional<String> sloSource(SloName name) {
    return store.all().stream()
        .filter(r -> r.kind() == ResourceKind.SLO && r.name().equals(name.value()))
        .map(StoredResource::source)
        .map(dev.governor.ingest.openslo.SecretRedaction::redact)
        .findFirst();
  }

  private static Change changeOf(Optional<StoredResource> stored, ResourceDocument incoming) {
    if (stored.isEmpty()) return Change.CREATED;
    return stored.get().source().equals(incoming.source()) ? Change.UNCHANGED : Change.UPDATED;
  }

  private static List<ResourceDocument> reparse(List<StoredResource> stored, List<SpecProblem> problems) {
    List<ResourceDocument> documents = new ArrayList<>();
    for (StoredResource r : stored) {
      ParsedSpecs parsed =
          SpecParser.parse("stored:" + r.kind().openSloKind() + "/" + r.name(), r.source());
      documents.addAll(parsed.documents());
      problems.addAll(parsed.problems());
    }
    return documents;
  }

  /** One request defining the same resource twice is ambiguous: which one did the author mean? */
  private static List<SpecProblem> duplicates(List<ResourceDocument> incoming) {
    Map<Key, ResourceDocument> first = new HashMap<>();
    List<SpecProblem> problems = new ArrayList<>();
    for (ResourceDocument d : incoming) {
      ResourceDocument earlier = first.putIfAbsent(Key.of(d), d);
      if (earlier != null) {
        problems.add(new SpecProblem(d.file(), d.document(), "metadata.name", d.line(),
            d.kind().openSloKind() + " '" + d.name() + "' is defined twice in this request (first in document "
                + earlier.document() + " of " + earlier.file() + "); keep one"));
      }
    }
    return problems;
  }
}
