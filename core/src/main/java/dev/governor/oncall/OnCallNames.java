package dev.governor.oncall;

import dev.governor.basics.Names;

/** The one name rule of Governor, with messages that say what kind of name was wrong. */
final class OnCallNames {

  private OnCallNames() {}

  static String check(String value, String what) {
    if (!Names.isValid(value)) {
      throw new IllegalArgumentException(what + " must be 1-253 lowercase letters, digits, '-', '_' or '.',"
          + " starting and ending with a letter or digit, got '" + value + "'");
    }
    return value;
  }
}
