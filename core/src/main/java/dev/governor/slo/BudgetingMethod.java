package dev.governor.slo;

/** How an objective counts its budget, as in OpenSLO. */
public enum BudgetingMethod {
  /** Good events over total events. */
  OCCURRENCES,
  /** Good time slices over time slices with data; a slice is good when its ratio meets timeSliceTarget. */
  TIMESLICES,
  /** The mean of the slices' good/total ratios. */
  RATIO_TIMESLICES
}
