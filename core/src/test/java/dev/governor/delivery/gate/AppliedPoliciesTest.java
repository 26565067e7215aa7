package dev.governor.delivery.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.delivery.gate.BudgetRule.Action;
import dev.governor.slo.ServiceName;
import dev.governor.basics.SloName;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The applied policies are read from the store once; after that, applies and deletes change what
 * the very next decision judges by, and no decision reads the store again.
 */
class AppliedPoliciesTest {

  static final ServiceName CHECKOUT = GateTest.CHECKOUT;
  static final Instant NOW = GateTest.WEDNESDAY;
  static final GateRequest DEPLOY = GateTest.production(GateRequest.of(CHECKOUT));

  /** The store, counting how often it is read in full. */
  static final class CountingStore implements PolicyStore {
    final Map<String, StoredPolicy> rows = new TreeMap<>();
    final AtomicInteger reads = new AtomicInteger();
    RuntimeException failWrites;

    @Override
    public void apply(List<StoredPolicy> policies) {
      if (failWrites != null) throw failWrites;
      policies.forEach(p -> rows.put(p.name(), p));
    }

    @Override
    public boolean delete(String name) {
      if (failWrites != null) throw failWrites;
      return rows.remove(name) != null;
    }

    @Override
    public List<StoredPolicy> all() {
      reads.incrementAndGet();
      return List.copyOf(rows.values());
    }
  }

  /** Stands for the YAML reader: the tests keep each policy by its source text. */
  final Map<String, ErrorBudgetPolicy> bySource = new TreeMap<>();
  final Function<StoredPolicy, ErrorBudgetPolicy> reader = stored -> {
    ErrorBudgetPolicy p = bySource.get(stored.source());
    if (p == null) throw new IllegalStateException("no policy reads from '" + stored.source() + "'");
    return p;
  };

  AppliedPolicies.Document document(ErrorBudgetPolicy policy) {
    String source = "source of " + policy;
    bySource.put(source, policy);
    return new AppliedPolicies.Document(policy, source);
  }

  static ErrorBudgetPolicy frozen(String name) {
    return new ErrorBudgetPolicy(name, new ErrorBudgetPolicy.Scope.ForService(CHECKOUT), Set.of(), List.of(),
        List.of(new FreezeWindow.Range("all-year", LocalDateTime.parse("2026-01-01T00:00"),
            LocalDateTime.parse("2027-01-01T00:00"), ZoneOffset.UTC)), false, false);
  }

  static GateDecision decide(AppliedPolicies policies, List<SloBudget> budgets) {
    List<SloName> slos = budgets.stream().map(SloBudget::slo).toList();
    return Gate.decide(DEPLOY, policies.snapshot().forService(CHECKOUT, slos), budgets, NOW);
  }

  @Test
  void an_applied_policy_judges_the_next_decision_and_a_deleted_one_stops_without_reading_the_store_again() {
    CountingStore store = new CountingStore();
    AppliedPolicies policies = new AppliedPolicies(store, reader);
    List<SloBudget> budgets = List.of(GateTest.budget(GateTest.AVAILABILITY, 0.9));
    assertThat(decide(policies, budgets).verdict()).isEqualTo("allow");

    assertThat(policies.apply(List.of(document(frozen("checkout-freeze"))), NOW))
        .containsExactly(AppliedPolicies.Result.CREATED);
    GateDecision frozen = decide(policies, budgets);
    assertThat(frozen.verdict()).isEqualTo("block");
    assertThat(frozen.policies()).containsExactly("checkout-freeze");

    ErrorBudgetPolicy thawed = new ErrorBudgetPolicy("checkout-freeze", new ErrorBudgetPolicy.Scope.ForService(CHECKOUT),
        Set.of(), List.of(new BudgetRule("spending", 0.95, Action.WARN)), List.of(), true, true);
    assertThat(policies.apply(List.of(document(thawed)), NOW)).containsExactly(AppliedPolicies.Result.UPDATED);
    assertThat(decide(policies, budgets).verdict()).isEqualTo("warn");

    assertThat(policies.delete("checkout-freeze")).isTrue();
    GateDecision after = decide(policies, budgets);
    assertThat(after.verdict()).isEqualTo("allow");
    assertThat(after.policies()).isEmpty();
    assertThat(policies.delete("checkout-freeze")).isFalse();

    assertThat(store.reads).as("the store is read once, when the policies are loaded").hasValue(1);
    assertThat(store.rows).isEmpty();
  }

  @Test
  void policies_stored_before_a_start_are_read_once_and_judge_from_the_first_decision() {
    CountingStore store = new CountingStore();
    new AppliedPolicies(store, reader).apply(List.of(document(frozen("checkout-freeze"))), NOW);

    AppliedPolicies restarted = new AppliedPolicies(store, reader);

    for (int i = 0; i < 3; i++) {
      assertThat(decide(restarted, List.of(GateTest.budget(GateTest.AVAILABILITY, 1))).verdict()).isEqualTo("block");
    }
    assertThat(store.reads).hasValue(2);
    assertThat(restarted.snapshot().all()).extracting(AppliedPolicy::name).containsExactly("checkout-freeze");
  }

  @Test
  void applying_the_same_text_again_changes_nothing_not_even_the_time_it_was_applied() {
    CountingStore store = new CountingStore();
    AppliedPolicies policies = new AppliedPolicies(store, reader);
    AppliedPolicies.Document doc = document(frozen("checkout-freeze"));
    policies.apply(List.of(doc), NOW);

    assertThat(policies.apply(List.of(doc), NOW.plusSeconds(60))).containsExactly(AppliedPolicies.Result.UNCHANGED);
    assertThat(store.rows.get("checkout-freeze").appliedAt()).isEqualTo(NOW);
    assertThat(policies.snapshot().all().getFirst().stored().appliedAt()).isEqualTo(NOW);
  }

  @Test
  void a_write_the_store_refuses_leaves_the_policies_as_they_were() {
    CountingStore store = new CountingStore();
    AppliedPolicies policies = new AppliedPolicies(store, reader);
    policies.apply(List.of(document(frozen("checkout-freeze"))), NOW);
    store.failWrites = new IllegalStateException("database down");

    assertThatThrownBy(() -> policies.apply(List.of(document(frozen("another-freeze"))), NOW))
        .hasMessage("database down");
    assertThatThrownBy(() -> policies.delete("checkout-freeze")).hasMessage("database down");

    assertThat(policies.snapshot().all()).extracting(AppliedPolicy::name).containsExactly("checkout-freeze");
    assertThat(decide(policies, List.of()).verdict()).isEqualTo("block");
  }

  @Test
  void a_stored_policy_that_no_longer_reads_fails_decisions_until_it_is_deleted() {
    CountingStore store = new CountingStore();
    store.rows.put("broken", new StoredPolicy("broken", "spec: [", NOW));
    AppliedPolicies policies = new AppliedPolicies(store, reader);

    assertThatThrownBy(() -> decide(policies, List.of())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[broken]").hasRootCauseMessage("no policy reads from 'spec: ['");
    assertThatThrownBy(() -> policies.snapshot().all()).isInstanceOf(IllegalStateException.class);

    assertThat(policies.delete("broken")).isTrue();
    assertThat(decide(policies, List.of()).verdict()).isEqualTo("allow");
  }

  @Test
  void a_policy_for_every_service_is_the_default_and_never_applied() {
    ErrorBudgetPolicy any = ErrorBudgetPolicy.defaultPolicy(Set.of());
    StoredPolicy stored = new StoredPolicy("default", "x", NOW);

    assertThatThrownBy(() -> new PolicySnapshot(List.of(new AppliedPolicy(stored, any)), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'default' covers every service");
  }

  /**
   * A decision judged on the policies of the service and its SLOs only is the decision judged on
   * every applied policy: each row of {@link GateTest}, with policies of other services and other
   * SLOs applied beside its own.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.governor.delivery.gate.GateTest#cases")
  void the_policies_of_the_service_and_its_slos_decide_as_every_applied_policy_would(GateTest.Case c) {
    List<ErrorBudgetPolicy> defaults = c.policies().stream()
        .filter(p -> p.scope() instanceof ErrorBudgetPolicy.Scope.AnyService).toList();
    List<ErrorBudgetPolicy> applied = new ArrayList<>(c.policies().stream()
        .filter(p -> !(p.scope() instanceof ErrorBudgetPolicy.Scope.AnyService)).toList());
    applied.add(new ErrorBudgetPolicy("a-payments-policy", new ErrorBudgetPolicy.Scope.ForService(
        ServiceName.of("payments")), Set.of(), List.of(new BudgetRule("always", 1, Action.BLOCK)), List.of(), false,
        false));
    applied.add(new ErrorBudgetPolicy("a-search-slo-policy", new ErrorBudgetPolicy.Scope.ForSlo(SloName.of("search")),
        Set.of(), List.of(new BudgetRule("always", 1, Action.BLOCK)), List.of(), false, false));
    PolicySnapshot snapshot = new PolicySnapshot(
        applied.stream().map(p -> new AppliedPolicy(new StoredPolicy(p.name(), p.toString(), NOW), p)).toList(),
        List.of());
    // What the gate judged by before: every applied policy by name, then the default.
    List<ErrorBudgetPolicy> every = new ArrayList<>(snapshot.all().stream().map(AppliedPolicy::policy).toList());
    every.addAll(defaults);
    List<ErrorBudgetPolicy> own = new ArrayList<>(
        snapshot.forService(CHECKOUT, c.budgets().stream().map(SloBudget::slo).toList()));
    own.addAll(defaults);
    GateRequest request = c.request().apply(GateRequest.of(CHECKOUT));

    assertThat(own).doesNotContain(applied.get(applied.size() - 1), applied.get(applied.size() - 2));
    assertThat(Gate.decide(request, own, c.budgets(), c.now())).isEqualTo(Gate.decide(request, every, c.budgets(), c.now()));
  }
}
