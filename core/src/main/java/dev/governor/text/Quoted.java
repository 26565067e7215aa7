package dev.governor.text;

import java.math.BigDecimal;

/**
 * Input quoted in a message, bounded. Errors name the value they refuse, but a 60-byte request
 * must never produce a gigabyte of answer: a string is cut to {@link #MAX_CHARACTERS}, and a number
 * is written as {@link BigDecimal#toString()} does ({@code 1E+999999999}, eleven characters), never
 * in plain decimal, which for that number is a billion digits. Every module quotes through here,
 * so that no copy forgets the bound.
 */
public final class Quoted {

  /** Enough to recognise a value; more only repeats the request back. */
  public static final int MAX_CHARACTERS = 120;

  private Quoted() {}

  /** {@code text} cut to {@link #MAX_CHARACTERS} with an ellipsis and its length, never inside a surrogate pair. */
  public static String bounded(String text) {
    if (text == null) return "null";
    if (text.length() <= MAX_CHARACTERS) return text;
    int end = MAX_CHARACTERS - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
    return text.substring(0, end) + "… (" + text.length() + " characters)";
  }

  /** {@code "text"} in double quotes, bounded. */
  public static String string(String text) {
    return "\"" + bounded(text) + "\"";
  }

  /** A number as a message shows it: short numbers plainly, long ones in scientific notation, bounded. */
  public static String number(BigDecimal number) {
    if (number == null) return "null";
    boolean plainIsShort = Math.abs((long) number.precision() - number.scale()) < 40 && Math.abs((long) number.scale()) < 40;
    return bounded(plainIsShort ? number.toPlainString() : number.toString());
  }
}
