package dev.governor.prometheus.matching;

import java.util.regex.Pattern;

/**
 * One PromQL label matcher: {@code name="v"}, {@code name!="v"}, {@code name=~"re"} or
 * {@code name!~"re"}. Regular expressions are fully anchored and {@code .} matches a newline
 * too, as in Prometheus; an absent label has the value "".
 */
public record LabelMatcher(String name, Op op, String value, Pattern pattern) {

  public enum Op {
    EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public LabelMatcher {
    boolean regex = op == Op.REGEX || op == Op.NOT_REGEX;
    if (regex != (pattern != null)) {
      throw new IllegalArgumentException("a " + op.symbol() + " matcher " + (regex ? "needs" : "takes no") + " pattern");
    }
  }

  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(name, Op.EQUAL, value, null);
  }

  /**
   * A regex matcher for {@code op} {@code =~} or {@code !~}.
   *
   * @throws IllegalArgumentException when {@code regex} does not compile or uses what RE2 (the
   *     regex engine of Prometheus) lacks: look-around, back-references, possessive quantifiers
   */
  public static LabelMatcher regex(String name, Op op, String regex) {
    Re2.check(regex);
    Pattern pattern;
    try {
      pattern = Pattern.compile("^(?:" + regex + ")$", Pattern.DOTALL);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("the regular expression \"" + regex + "\" of label " + name
          + " does not compile: " + e.getDescription(), e);
    }
    return new LabelMatcher(name, op, regex, pattern);
  }

  public boolean matches(String labelValue) {
    return switch (op) {
      case EQUAL -> labelValue.equals(value);
      case NOT_EQUAL -> !labelValue.equals(value);
      case REGEX -> pattern.matcher(labelValue).matches();
      case NOT_REGEX -> !pattern.matcher(labelValue).matches();
    };
  }

  @Override
  public String toString() {
    return name + op.symbol() + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, op, value);
  }

  /** The constructs java.util.regex knows and RE2 refuses: a selector must mean the same in both. */
  private static final class Re2 {
    private static final Pattern BACK_REFERENCE = Pattern.compile("\\\\[1-9]|\\\\k<");
    private static final Pattern UNSUPPORTED = Pattern.compile(
        "\\(\\?<?[=!]"          // look-ahead, look-behind
            + "|[*+?}]\\+"        // possessive quantifier
            + "|\\(\\?>");      // atomic group

    static void check(String regex) {
      // Escaped backslashes first, so "\\\\1" (a backslash, then 1) is not taken for a back-reference;
      // then every other escape, so "\\++" (one or more '+') is not taken for a possessive quantifier.
      String noBackslashes = regex.replace("\\\\", "__");
      reject(regex, BACK_REFERENCE.matcher(noBackslashes));
      reject(regex, UNSUPPORTED.matcher(noBackslashes.replaceAll("\\\\.", "__")));
    }

    private static void reject(String regex, java.util.regex.Matcher m) {
      if (m.find()) {
        throw new IllegalArgumentException("the regular expression \"" + regex + "\" uses '" + m.group()
            + "' at offset " + m.start() + ", which Prometheus' RE2 does not support"
            + " (no look-around, back-references, possessive quantifiers or atomic groups)");
      }
    }
  }
}
