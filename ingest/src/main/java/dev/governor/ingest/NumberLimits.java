package dev.governor.ingest;

import java.math.BigDecimal;
import tools.jackson.core.StreamReadConstraints;

/**
 * The numbers a document may hold before any field looks at them. No field of Governor reads more
 * than a long's 19 digits or a double's range, so a number far beyond both is refused where it is
 * parsed: {@code 1e999999999} is eleven bytes, and converting it to a plain decimal (a billion
 * digits) or judging it against a field's range is where a tiny request costs a gigabyte. The
 * limits are wide enough for every real value (a 30-digit id, 1e-300) and far below harm.
 */
public final class NumberLimits {

  /** The most digits a number's text may have, also the Jackson parsers' own cap. */
  public static final int MAX_DIGITS = 100;

  /** The largest power of ten either way: past a double's range (about 1e±308) with room to spare. */
  public static final int MAX_EXPONENT = 400;

  /** For every JSON parser that reads input: numbers longer than {@link #MAX_DIGITS} are refused as they are read. */
  public static final StreamReadConstraints STREAM_READ_CONSTRAINTS = StreamReadConstraints.builder()
      .maxNumberLength(MAX_DIGITS)
      .build();

  private NumberLimits() {}

  /** Whether {@code n} is a number a document may hold: at most {@link #MAX_DIGITS} digits, exponent within ±{@link #MAX_EXPONENT}. */
  public static boolean withinReach(BigDecimal n) {
    if (n.signum() == 0) return true; // 0E+999999999 is just 0; readers keep BigDecimal.ZERO
    long exponent = (long) n.precision() - n.scale() - 1;
    return n.precision() <= MAX_DIGITS && Math.abs(exponent) <= MAX_EXPONENT;
  }

  /** Whether the text of a number is short enough to be converted at all. */
  public static boolean shortEnough(String text) {
    return text.length() <= MAX_DIGITS + 12;
  }
}
