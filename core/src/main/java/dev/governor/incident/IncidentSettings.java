package dev.governor.incident;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the engine groups and resolves.
 *
 * @param groupBy the labels whose values put alerts into the same incident; empty groups only by
 *     integration and alertname
 * @param groupWait how long after an incident opens the escalation runner waits before paging, so
 *     alerts that fire together page once
 * @param autoResolve whether an incident resolves when all its alerts have
 * @param reopenWithin an alert of a group whose incident resolved less than this ago reopens that
 *     incident instead of opening a new one; zero never reopens
 * @param inhibitionRules which open alerts suppress which new ones
 * @param suspectDeploymentLookBack how long before an incident opened a deployment of an affected
 *     service may have gone live to be its suspect (linked for DORA, named in the postmortem)
 */
public record IncidentSettings(
    List<String> groupBy,
    Duration groupWait,
    boolean autoResolve,
    Duration reopenWithin,
    List<InhibitionRule> inhibitionRules,
    Duration suspectDeploymentLookBack) {

  /** A day: most bad releases show within hours, and a deploy from yesterday is still worth a look. */
  public static final Duration DEFAULT_SUSPECT_LOOK_BACK = Duration.ofHours(24);

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public static final IncidentSettings DEFAULTS = new IncidentSettings(
      List.of("service"), Duration.ofSeconds(30), true, Duration.ZERO, List.of(InhibitionRule.PAGE_INHIBITS_TICKET),
      DEFAULT_SUSPECT_LOOK_BACK);

  public IncidentSettings {
    groupBy = List.copyOf(groupBy);
    for (String label : groupBy) {
      if (!LABEL_NAME.matcher(label).matches()) {
        throw new IllegalArgumentException("groupBy holds label names (letters, digits, '_'), got '" + label + "'");
      }
    }
    if (groupBy.stream().distinct().count() != groupBy.size()) {
      throw new IllegalArgumentException("groupBy names a label twice: " + groupBy);
    }
    if (groupWait.isNegative()) throw new IllegalArgumentException("groupWait must not be negative, got " + groupWait);
    if (reopenWithin.isNegative()) {
      throw new IllegalArgumentException("reopenWithin must not be negative (0 turns it off), got " + reopenWithin);
    }
    inhibitionRules = List.copyOf(inhibitionRules);
    if (suspectDeploymentLookBack == null || suspectDeploymentLookBack.isNegative()) {
      throw new IllegalArgumentException("suspectDeploymentLookBack must be 0 (no suspects) or more, got "
          + suspectDeploymentLookBack);
    }
  }

  /** With the default look-back for suspect deployments. */
  public IncidentSettings(List<String> groupBy, Duration groupWait, boolean autoResolve, Duration reopenWithin,
      List<InhibitionRule> inhibitionRules) {
    this(groupBy, groupWait, autoResolve, reopenWithin, inhibitionRules, DEFAULT_SUSPECT_LOOK_BACK);
  }
}
