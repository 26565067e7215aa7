package dev.governor.slo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * A fraction in [0, 1], exact and reduced. 99.9 % is 999/1000, not 0.999000000000001.
 *
 * <p>Targets are parsed from their decimal text ({@link #parseFraction}, {@link #parsePercent}) so
 * that no binary floating point ever touches them; {@link #toDouble()} exists for burn-rate
 * arithmetic, where the inputs are measured counts and exactness buys nothing.
 */
public record Ratio(long numerator, long denominator) implements Comparable<Ratio> {

  public static final Ratio ZERO = new Ratio(0, 1);
  public static final Ratio ONE = new Ratio(1, 1);

  public Ratio {
    if (denominator <= 0 || numerator < 0 || numerator > denominator) {
      throw new IllegalArgumentException(
          "a ratio needs 0 <= numerator <= denominator and denominator > 0, got "
              + numerator + "/" + denominator);
    }
    long gcd = gcd(numerator, denominator);
    if (gcd > 1) {
      numerator /= gcd;
      denominator /= gcd;
    }
  }

  /** Euclid's, on longs: every status builds ratios, and BigInteger's gcd allocates. */
  private static long gcd(long a, long b) {
    while (b != 0) {
      long rest = a % b;
      a = b;
      b = rest;
    }
    return a;
  }

  public static Ratio of(long numerator, long denominator) {
    return new Ratio(numerator, denominator);
  }

  /** Parses "0.999" (a fraction in [0, 1]) exactly. */
  public static Ratio parseFraction(String text) {
    return fromDecimal(decimal(text), text);
  }

  /** Parses "99.9" (a percentage in [0, 100]) exactly into 999/1000. */
  public static Ratio parsePercent(String text) {
    return fromDecimal(decimal(text).movePointLeft(2), text);
  }

  public static Ratio fromDecimal(BigDecimal value) {
    return fromDecimal(value, value.toPlainString());
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a decimal number: '" + text + "'", e);
    }
  }

  private static Ratio fromDecimal(BigDecimal value, String original) {
    if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("a ratio must lie in [0, 1], got " + original);
    }
    BigDecimal stripped = value.stripTrailingZeros();
    int scale = Math.max(stripped.scale(), 0);
    if (scale > 18) {
      throw new IllegalArgumentException("more than 18 decimal places: " + original);
    }
    BigInteger denominator = BigInteger.TEN.pow(scale);
    BigInteger numerator = stripped.movePointRight(scale).toBigIntegerExact();
    return new Ratio(numerator.longValueExact(), denominator.longValueExact());
  }

  /** 1 - this, exact. */
  public Ratio complement() {
    return new Ratio(denominator - numerator, denominator);
  }

  public boolean isZero() {
    return numerator == 0;
  }

  public boolean isOne() {
    return numerator == denominator;
  }

  public double toDouble() {
    return (double) numerator / denominator;
  }

  public BigDecimal toBigDecimal() {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL128);
  }

  /** The shortest exact decimal when there is one ("0.999"), otherwise 34 significant digits. */
  public String toDecimalString() {
    try {
      return new BigDecimal(numerator)
          .divide(new BigDecimal(denominator))
          .stripTrailingZeros()
          .toPlainString();
    } catch (ArithmeticException nonTerminating) {
      return toBigDecimal().stripTrailingZeros().toPlainString();
    }
  }

  /** This ratio applied to a count, rounded down: 1/1000 of 12,345 events is 12. */
  public long timesFloor(long count) {
    return BigInteger.valueOf(count)
        .multiply(BigInteger.valueOf(numerator))
        .divide(BigInteger.valueOf(denominator))
        .longValueExact();
  }

  @Override
  public int compareTo(Ratio other) {
    return BigInteger.valueOf(numerator)
        .multiply(BigInteger.valueOf(other.denominator))
        .compareTo(BigInteger.valueOf(other.numerator).multiply(BigInteger.valueOf(denominator)));
  }

  /** Whether good/total reaches this ratio, exactly (no rounding at 99.9 %). */
  public boolean isMetBy(long good, long total) {
    if (total == 0) return true;
    return BigInteger.valueOf(good)
            .multiply(BigInteger.valueOf(denominator))
            .compareTo(BigInteger.valueOf(numerator).multiply(BigInteger.valueOf(total)))
        >= 0;
  }

  @Override
  public String toString() {
    return toDecimalString();
  }
}
