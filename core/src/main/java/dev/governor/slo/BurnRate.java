package dev.governor.slo;

import dev.governor.basics.EventCounts;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The burn rate over one look-back window: the error ratio over it divided by the error budget
 * ratio (1 - target). 1 spends the budget exactly over the SLO window; 14.4 spends 2 % of a 30-day
 * budget in an hour. {@code counts} are the events (or slices) the rate was computed from, and
 * {@code goodUnits} the good units among them as {@link ObjectiveStatus#goodUnits()} counts them.
 */
public record BurnRate(Duration window, double rate, EventCounts counts, BigDecimal goodUnits) {}
