package dev.governor.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** How numbers read in tables: targets as set, attainment never rounded up, budgets to 0.1 %. */
final class Formats {

  static final String NONE = "-";

  private Formats() {}

  /** 0.999 as "99.9%": the target exactly as written, no padding zeros. */
  static String target(Optional<BigDecimal> fraction) {
    return fraction.map(f -> plain(f.movePointRight(2).stripTrailingZeros()) + "%").orElse(NONE);
  }

  /**
   * 0.99953 as "99.953%", rounded down: an attainment of 99.8996 % must not read as meeting a
   * 99.9 % target.
   */
  static String attainment(Optional<BigDecimal> fraction) {
    return fraction.map(f -> f.movePointRight(2).setScale(3, RoundingMode.DOWN).toPlainString() + "%")
        .orElse(NONE);
  }

  /** The budget left, to 0.1 %; negative once the budget is overspent. */
  static String budget(Optional<BigDecimal> fraction) {
    return fraction.map(f -> f.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%")
        .orElse(NONE);
  }

  /** A burn rate as "0.42x"; 1x spends the budget exactly over the window. */
  static String burn(Optional<BigDecimal> rate) {
    return rate.map(r -> r.setScale(r.abs().compareTo(BigDecimal.TEN) >= 0 ? 1 : 2, RoundingMode.HALF_EVEN)
        .toPlainString() + "x").orElse(NONE);
  }

  private static String plain(BigDecimal d) {
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }
}
