package dev.governor.slo;

/**
 * The error budget of an objective over its window.
 *
 * <p>As ratios: {@code allowed} is 1 - target (exact); {@code consumed} = (1 - attainment) / (1 -
 * target); {@code remaining} = 1 - consumed, below 0 once the budget is overspent. As amounts in
 * {@code unit}: {@code total} is what the window allows so far (allowed x events, or allowed x the
 * window's minutes for timeslices), {@code spent} is the bad events or bad-slice minutes.
 */
public record ErrorBudget(
    Ratio allowed,
    double consumed,
    double remaining,
    BudgetUnit unit,
    double total,
    double spent,
    double left) {}
