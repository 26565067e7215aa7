package dev.governor.slo;

/**
 * The error budget of an objective over its window.
 *
 * <p>As ratios: {@code allowed} is 1 - target (exact); {@code remaining} = 1 - consumed, below 0
 * once the budget is overspent. For Occurrences {@code consumed} = (1 - attainment) / (1 - target)
 * and the amounts are events: {@code total} is allowed x the events so far, {@code spent} the bad
 * events. For the timeslice methods the budget is time: {@code total} is allowed x the whole
 * window's minutes, {@code spent} the minutes of bad slices (a RatioTimeslices slice spends its
 * bad share), and {@code consumed} = spent / total.
 */
public record ErrorBudget(
    Ratio allowed,
    double consumed,
    double remaining,
    BudgetUnit unit,
    double total,
    double spent,
    double left) {}
