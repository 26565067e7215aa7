package dev.governor.incident;

import java.util.List;
import java.util.Map;

/**
 * Alertmanager's inhibition: while an open alert matches {@code source}, a new alert that matches
 * {@code target} and carries the same values of the {@code equal} labels is kept but opens no
 * incident. A missing label counts as "", as in Alertmanager, so two alerts without an
 * {@code slo} label are equal in it.
 */
public record InhibitionRule(List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {

  /** A page suppresses its ticket for the same SLO: the fast burn already woke someone. */
  public static final InhibitionRule PAGE_INHIBITS_TICKET = new InhibitionRule(
      List.of(LabelMatcher.equal("severity", "page")),
      List.of(LabelMatcher.equal("severity", "ticket")),
      List.of("slo"));

  public InhibitionRule {
    source = LabelMatcher.requireSelective(source, "an inhibition rule's source");
    target = LabelMatcher.requireSelective(target, "an inhibition rule's target");
    equal = List.copyOf(equal);
  }

  /** Whether an open alert with {@code sourceLabels} inhibits a new one with {@code targetLabels}. */
  public boolean inhibits(Map<String, String> sourceLabels, Map<String, String> targetLabels) {
    if (!LabelMatcher.all(source, sourceLabels) || !LabelMatcher.all(target, targetLabels)) return false;
    for (String label : equal) {
      if (!sourceLabels.getOrDefault(label, "").equals(targetLabels.getOrDefault(label, ""))) return false;
    }
    return true;
  }
}
