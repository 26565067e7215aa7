package dev.governor.basics;

import java.math.BigDecimal;

/** "A measurement is good when it is {@code op} {@code value}", e.g. latency lt 0.3. */
public record Threshold(Operator op, BigDecimal value) {

  public Threshold {
    value = value.stripTrailingZeros();
  }

  public boolean isGood(BigDecimal measurement) {
    return op.holds(measurement, value);
  }

  /** A stable text form, used to name the series of good/total counts this threshold makes. */
  public String key() {
    return op.symbol() + " " + value.toPlainString();
  }

  @Override
  public String toString() {
    return key();
  }
}
