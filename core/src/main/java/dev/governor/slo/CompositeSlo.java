package dev.governor.slo;

import dev.governor.basics.EventCounts;
import dev.governor.basics.Minutes;
import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user journey made of several SLOs' objectives (browse, add to cart, pay), with its own target,
 * window, budget, burn rates and alerts, like any SLO. Its SLI is derived minute by minute from its
 * members' stored minutes, by one of two methods:
 * <ul>
 *   <li>{@link Method#WEIGHTED_AVERAGE}: the minute's good ratio is the weighted average of the
 *       members' good ratios in that minute (members without events that minute left out). Budgeted
 *       as RatioTimeslices over one-minute slices: attainment is the mean of those minute ratios.
 *   <li>{@link Method#ALL_GOOD}: a minute is good when every member with events in it met its own
 *       objective's target in it; a journey fails if any step fails. Budgeted per minute
 *       (Occurrences of minutes): attainment is the share of good minutes.
 * </ul>
 * A minute in which no member had events has no data. The evaluator keeps the derived minutes in
 * the store under {@link #sliName()}, recomputed whenever a member's minute changes.
 *
 * @param members at least two; each names an SLO and one of its objectives
 * @param target the journey's objective, below 1
 */
public record CompositeSlo(SloName name, String displayName, String description, ServiceName service, Method method,
    List<Member> members, SloWindow window, String objectiveName, Ratio target, Map<String, String> labels) {

  public enum Method {
    WEIGHTED_AVERAGE("weightedAverage"), ALL_GOOD("allGood");

    private final String text;

    Method(String text) {
      this.text = text;
    }

    /** As the YAML writes it. */
    public String text() {
      return text;
    }
  }

  /**
   * One step of the journey; {@code weight} counts only for the weighted average. An empty
   * {@code objective} means the SLO's only one.
   */
  public record Member(SloName slo, String objective, BigDecimal weight) {
    public Member {
      if (weight.signum() <= 0) throw new IllegalArgumentException("a member's weight must be above 0, got " + weight);
    }

    /** The objective of {@code of} this member names, if it names one the SLO has. */
    public Optional<Objective> objectiveOf(Slo of) {
      if (objective.isEmpty()) return of.objectives().size() == 1 ? Optional.of(of.objectives().getFirst()) : Optional.empty();
      return of.objectives().stream().filter(o -> o.name().equals(objective)).findFirst();
    }
  }

  /** The metric source type of a composite's derived SLI: nothing pushes or pulls it. */
  public static final String SOURCE_TYPE = "Composite";

  /** The scale of a weighted-average minute: its good count out of 10^9, as RatioTimeslices counts slices. */
  static final long RATIO_TOTAL = 1_000_000_000L;

  public CompositeSlo {
    members = List.copyOf(members);
    labels = Map.copyOf(labels);
    if (members.size() < 2) {
      throw new IllegalArgumentException("a composite SLO needs at least two members, got " + members.size());
    }
    if (target.isOne()) {
      throw new IllegalArgumentException("a composite SLO's target must be below 100 %, got " + target);
    }
  }

  /** The derived SLI's name: apart from any SLI a document can name, as composite.{@code name}. */
  public SliName sliName() {
    return new SliName("composite." + name.value());
  }

  /** The SLO the evaluator runs for this journey: its derived SLI, its window and its target. */
  public Slo asSlo() {
    MetricSource derived = new MetricSource(SOURCE_TYPE, Optional.empty(), Map.of("composite", name.value()));
    Sli sli = new Sli(sliName(), displayName, "the minutes of composite SLO " + name,
        new SliMetric.RatioMetric(false, Optional.of(derived), Optional.empty(), Optional.of(derived), Optional.empty(),
            Optional.empty()));
    Objective objective = new Objective(objectiveName, objectiveName, target, Optional.empty(), Optional.empty(),
        method == Method.WEIGHTED_AVERAGE ? Optional.of(Minutes.ONE) : Optional.empty());
    BudgetingMethod budgeting = method == Method.WEIGHTED_AVERAGE ? BudgetingMethod.RATIO_TIMESLICES
        : BudgetingMethod.OCCURRENCES;
    return new Slo(name, displayName, description, service, sli, window, budgeting, List.of(objective), List.of(),
        labels, Map.of("governor.dev/composite", method.text()));
  }

  /** One member's stored counts in a minute, with what the minute needs of the member. */
  record MemberMinute(BigDecimal weight, Ratio target, EventCounts counts) {}

  /** The journey's counts in one minute from its members'; empty when no member had events. */
  static Optional<EventCounts> minute(Method method, List<MemberMinute> members) {
    List<MemberMinute> withData = new ArrayList<>();
    for (MemberMinute m : members) if (m.counts().total() > 0) withData.add(m);
    if (withData.isEmpty()) return Optional.empty();
    if (method == Method.ALL_GOOD) {
      boolean allGood = withData.stream().allMatch(m -> m.target().isMetBy(m.counts().good(), m.counts().total()));
      return Optional.of(new EventCounts(allGood ? 1 : 0, 1));
    }
    BigDecimal weighted = BigDecimal.ZERO;
    BigDecimal weights = BigDecimal.ZERO;
    for (MemberMinute m : withData) {
      weighted = weighted.add(m.weight().multiply(BigDecimal.valueOf(m.counts().good()))
          .divide(BigDecimal.valueOf(m.counts().total()), MathContext.DECIMAL128));
      weights = weights.add(m.weight());
    }
    long good = weighted.multiply(BigDecimal.valueOf(RATIO_TOTAL)).divide(weights, 0, RoundingMode.HALF_EVEN)
        .longValueExact();
    return Optional.of(new EventCounts(Math.min(good, RATIO_TOTAL), RATIO_TOTAL));
  }

  /**
   * How much one member had to do with the journey's errors over some minutes.
   *
   * @param shareOfErrors for the weighted average, the member's part of the journey's lost ratio
   *     (1 - r = the sum over members of w (1 - good/total) / the weights, so the parts add up to 1);
   *     for all-good, its share of the members' misses in the journey's bad minutes
   * @param missedMinutes the minutes in which the member had events and missed its own target
   */
  public record Contribution(Member member, double shareOfErrors, long missedMinutes, EventCounts counts) {}

  /**
   * Each member's part in the journey's errors over the minutes given: {@code minutes} holds, per
   * member in order, its stored minutes; {@code targets} each member's objective target.
   */
  public List<Contribution> contributions(List<List<dev.governor.sli.Bucket>> minutes, List<Ratio> targets) {
    java.util.TreeMap<java.time.Instant, EventCounts[]> byMinute = new java.util.TreeMap<>();
    for (int i = 0; i < members.size(); i++) {
      for (dev.governor.sli.Bucket b : minutes.get(i)) {
        byMinute.computeIfAbsent(b.minute(), k -> new EventCounts[members.size()])[i] = b.counts();
      }
    }
    double[] errors = new double[members.size()];
    long[] missed = new long[members.size()];
    long[][] counts = new long[members.size()][2];
    for (EventCounts[] row : byMinute.values()) {
      double weights = 0;
      for (int i = 0; i < row.length; i++) if (row[i] != null && row[i].total() > 0) weights += members.get(i).weight().doubleValue();
      boolean anyMissed = false;
      boolean[] missedNow = new boolean[row.length];
      for (int i = 0; i < row.length; i++) {
        if (row[i] == null || row[i].total() == 0) continue;
        counts[i][0] += row[i].good();
        counts[i][1] += row[i].total();
        missedNow[i] = !targets.get(i).isMetBy(row[i].good(), row[i].total());
        anyMissed |= missedNow[i];
        if (missedNow[i]) missed[i]++;
        if (method == Method.WEIGHTED_AVERAGE) {
          errors[i] += members.get(i).weight().doubleValue() * (1 - (double) row[i].good() / row[i].total()) / weights;
        }
      }
      if (method == Method.ALL_GOOD && anyMissed) {
        for (int i = 0; i < row.length; i++) if (missedNow[i]) errors[i] += 1;
      }
    }
    double all = 0;
    for (double e : errors) all += e;
    List<Contribution> out = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      out.add(new Contribution(members.get(i), all == 0 ? 0 : errors[i] / all, missed[i],
          new EventCounts(counts[i][0], counts[i][1])));
    }
    return out;
  }

  /**
   * Why this composite cannot run over {@code catalog}, one problem per member at fault, naming it;
   * empty when every member is an applied SLO's objective with a window of the journey's kind.
   */
  public List<String> problemsWith(Catalog catalog) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      String at = "spec.members[" + i + "]";
      Optional<Slo> slo = catalog.slo(m.slo());
      if (slo.isEmpty()) {
        problems.add(at + ".slo: no SLO named '" + m.slo() + "' is applied; name an applied SLO (governor slo list)");
        continue;
      }
      if (m.objectiveOf(slo.get()).isEmpty()) {
        problems.add(at + ".objective: " + (m.objective().isEmpty() ? "SLO " + m.slo() + " has several objectives;"
            + " name one" : "SLO " + m.slo() + " has no objective '" + m.objective() + "'") + "; it has "
            + slo.get().objectives().stream().map(Objective::name).toList());
      }
      if (slo.get().window().getClass() != window.getClass()) {
        problems.add(at + ": member " + m.slo() + " has a " + kind(slo.get().window()) + " window but the composite's is "
            + kind(window) + "; members must share the journey's window kind");
      }
    }
    return problems;
  }

  private static String kind(SloWindow w) {
    return w instanceof SloWindow.Rolling ? "rolling" : "calendar";
  }
}
