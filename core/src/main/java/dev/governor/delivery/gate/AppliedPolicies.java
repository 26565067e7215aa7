package dev.governor.delivery.gate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one owner of the applied error-budget policies: the store holds them durably, a
 * {@link PolicySnapshot} holds them read, for the gate. Policies change rarely and are read on
 * every gate decision, so a decision takes the current snapshot without a lock and never touches
 * the store or parses YAML; an apply or a delete writes the store first and then swaps in a new
 * snapshot. Writers take turns, so the snapshot always equals what the store holds once the last
 * write returned: two applies of one name cannot leave one version stored and the other in memory.
 */
public final class AppliedPolicies {

  /** What applying a document did to the policy of its name. */
  public enum Result {
    CREATED, UPDATED, UNCHANGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A policy read from a document, with the document's own text, which is what is stored. */
  public record Document(ErrorBudgetPolicy policy, String source) {
    public Document {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(source, "source");
    }
  }

  private final PolicyStore store;
  private final Object writers = new Object();
  private volatile PolicySnapshot snapshot;

  /**
   * Reads every stored policy once.
   *
   * @param reader reads a stored document back into its policy; it throws when the document no
   *     longer reads, and such a policy makes decisions fail until it is deleted or applied anew
   */
  public AppliedPolicies(PolicyStore store, Function<StoredPolicy, ErrorBudgetPolicy> reader) {
    this.store = store;
    List<AppliedPolicy> read = new ArrayList<>();
    List<PolicySnapshot.Unreadable> unreadable = new ArrayList<>();
    for (StoredPolicy stored : store.all()) {
      try {
        read.add(new AppliedPolicy(stored, reader.apply(stored)));
      } catch (RuntimeException e) {
        unreadable.add(new PolicySnapshot.Unreadable(stored, e));
      }
    }
    this.snapshot = new PolicySnapshot(read, unreadable);
  }

  /** The policies as of the last apply or delete that returned. */
  public PolicySnapshot snapshot() {
    return snapshot;
  }

  /**
   * Stores every changed document, all or nothing, then makes them the policies decisions read.
   * A document whose text equals the stored one changes nothing, not even its time of applying.
   *
   * @return what happened to each document, in their order
   */
  public List<Result> apply(List<Document> documents, Instant now) {
    return apply(documents, now, false);
  }

  /** As {@link #apply(List, Instant)}; with {@code dryRun} it says what would change and stores nothing. */
  public List<Result> apply(List<Document> documents, Instant now, boolean dryRun) {
    synchronized (writers) {
      PolicySnapshot current = snapshot;
      List<Result> results = new ArrayList<>();
      List<StoredPolicy> changed = new ArrayList<>();
      Map<String, AppliedPolicy> next = new HashMap<>();
      current.readable().forEach(p -> next.put(p.name(), p));
      Map<String, PolicySnapshot.Unreadable> unreadable = new HashMap<>();
      current.unreadable().forEach(u -> unreadable.put(u.stored().name(), u));
      for (Document d : documents) {
        StoredPolicy old = current.stored(d.policy().name());
        Result result = old == null ? Result.CREATED : old.source().equals(d.source()) && !unreadable.containsKey(
            old.name()) ? Result.UNCHANGED : Result.UPDATED;
        results.add(result);
        if (result == Result.UNCHANGED) continue;
        StoredPolicy stored = new StoredPolicy(d.policy().name(), d.source(), now);
        changed.add(stored);
        next.put(stored.name(), new AppliedPolicy(stored, d.policy()));
        unreadable.remove(stored.name());
      }
      if (changed.isEmpty() || dryRun) return results;
      store.apply(changed);
      snapshot = new PolicySnapshot(next.values(), unreadable.values());
      return results;
    }
  }

  /** Deletes one policy; false when the store held none of that name. */
  public boolean delete(String name) {
    synchronized (writers) {
      boolean deleted = store.delete(name);
      PolicySnapshot current = snapshot;
      if (current.stored(name) != null) {
        snapshot = new PolicySnapshot(current.readable().stream().filter(p -> !p.name().equals(name)).toList(),
            current.unreadable().stream().filter(u -> !u.stored().name().equals(name)).toList());
      }
      return deleted;
    }
  }
}
