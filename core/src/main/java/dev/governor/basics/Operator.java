package dev.governor.basics;

import java.math.BigDecimal;

/** A comparison of a measured value against a threshold, as OpenSLO's {@code op}. */
public enum Operator {
  LT("lt"), LTE("lte"), GT("gt"), GTE("gte");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public static Operator parse(String text) {
    for (Operator op : values()) {
      if (op.symbol.equals(text)) return op;
    }
    throw new IllegalArgumentException("op must be one of lt, lte, gt, gte, got '" + text + "'");
  }

  public boolean holds(BigDecimal value, BigDecimal threshold) {
    int c = value.compareTo(threshold);
    return switch (this) {
      case LT -> c < 0;
      case LTE -> c <= 0;
      case GT -> c > 0;
      case GTE -> c >= 0;
    };
  }

  public boolean holds(double value, double threshold) {
    return switch (this) {
      case LT -> value < threshold;
      case LTE -> value <= threshold;
      case GT -> value > threshold;
      case GTE -> value >= threshold;
    };
  }
}
