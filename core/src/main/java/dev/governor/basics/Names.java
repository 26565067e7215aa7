package dev.governor.basics;

import java.util.regex.Pattern;

/** The one rule every resource name follows, so names are safe in URLs, labels and files. */
public final class Names {

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,251}[a-z0-9])?");

  private Names() {}

  public static boolean isValid(String value) {
    return value != null && NAME.matcher(value).matches();
  }

  public static void check(String value, String what) {
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          what + " must be 1-253 lowercase letters, digits, '-', '_' or '.', starting and ending"
              + " with a letter or digit, got '" + value + "'");
    }
  }
}
