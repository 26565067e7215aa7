package dev.governor.delivery.gate;

import dev.governor.slo.ServiceName;
import dev.governor.basics.SloName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every applied policy at one moment, read once and indexed by the service or SLO each names. It
 * never changes: {@link AppliedPolicies} makes a new one on each apply or delete, so a gate decision
 * reads it without a lock and never reads the store or parses a document.
 */
public final class PolicySnapshot {

  public static final PolicySnapshot EMPTY = new PolicySnapshot(List.of(), List.of());

  private final List<AppliedPolicy> policies;
  private final List<Unreadable> unreadable;
  private final Map<ServiceName, List<ErrorBudgetPolicy>> byService = new HashMap<>();
  private final Map<SloName, List<ErrorBudgetPolicy>> bySlo = new HashMap<>();

  /** A stored document that did not read as a policy, and why. */
  public record Unreadable(StoredPolicy stored, RuntimeException why) {}

  /**
   * @param unreadable stored documents that no longer read as a policy (a stricter reader after an
   *     upgrade); while there is one, decisions fail rather than judge without it
   */
  public PolicySnapshot(Collection<AppliedPolicy> policies, Collection<Unreadable> unreadable) {
    this.policies = policies.stream().sorted(Comparator.comparing(AppliedPolicy::name)).toList();
    this.unreadable = unreadable.stream().sorted(Comparator.comparing(u -> u.stored().name())).toList();
    for (AppliedPolicy p : this.policies) {
      switch (p.policy().scope()) {
        case ErrorBudgetPolicy.Scope.ForService s -> byService.computeIfAbsent(s.service(), k -> new ArrayList<>())
            .add(p.policy());
        case ErrorBudgetPolicy.Scope.ForSlo s -> bySlo.computeIfAbsent(s.slo(), k -> new ArrayList<>()).add(p.policy());
        // The default policy comes from the server's config; the store never holds it.
        case ErrorBudgetPolicy.Scope.AnyService a -> throw new IllegalArgumentException("applied policy '"
            + p.name() + "' covers every service; only the default policy does");
      }
    }
  }

  /** Every applied policy, ordered by name. */
  public List<AppliedPolicy> all() {
    requireReadable();
    return policies;
  }

  /** The applied policy of that name, or null. Unreadable ones included, for telling created from updated. */
  StoredPolicy stored(String name) {
    for (AppliedPolicy p : policies) if (p.name().equals(name)) return p.stored();
    for (Unreadable u : unreadable) if (u.stored().name().equals(name)) return u.stored();
    return null;
  }

  List<AppliedPolicy> readable() {
    return policies;
  }

  List<Unreadable> unreadable() {
    return unreadable;
  }

  /**
   * The policies that can have a say about a deploy of {@code service} whose SLOs are {@code slos}:
   * those for the service and those for one of the SLOs, ordered by name as {@link #all()} is. For
   * {@link Gate#decide} they are as good as every applied policy, since it ignores the others; the
   * work is that of the service's own policies, however many others there are.
   */
  public List<ErrorBudgetPolicy> forService(ServiceName service, Collection<SloName> slos) {
    requireReadable();
    TreeMap<String, ErrorBudgetPolicy> mine = new TreeMap<>();
    byService.getOrDefault(service, List.of()).forEach(p -> mine.put(p.name(), p));
    for (SloName slo : slos) bySlo.getOrDefault(slo, List.of()).forEach(p -> mine.put(p.name(), p));
    return List.copyOf(mine.values());
  }

  /** A stored source that no longer reads is a bug to fix, not a policy to leave out of a decision. */
  private void requireReadable() {
    if (unreadable.isEmpty()) return;
    IllegalStateException e = new IllegalStateException("stored policies "
        + unreadable.stream().map(u -> u.stored().name()).toList()
        + " no longer read as ErrorBudgetPolicy documents; fix the reader or delete them", unreadable.getFirst().why());
    unreadable.stream().skip(1).forEach(u -> e.addSuppressed(u.why()));
    throw e;
  }
}
