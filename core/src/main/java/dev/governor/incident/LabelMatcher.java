package dev.governor.incident;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager writes them: {@code service="checkout"},
 * {@code env!="staging"}, {@code service=~"checkout|search"}, {@code severity!~"info|debug"}.
 *
 * <p>A regex is anchored at both ends, as in Alertmanager and Prometheus: {@code service=~"check"}
 * does not match "checkout". A label an alert does not carry has the value "", so
 * {@code team=""} matches the alerts without a team and {@code team!=""} those with one.
 */
public record LabelMatcher(String name, Op op, String value) {

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public static Op ofSymbol(String symbol) {
      for (Op op : values()) if (op.symbol.equals(symbol)) return op;
      throw new IllegalArgumentException("a matcher's operator is =, !=, =~ or !~, got '" + symbol + "'");
    }
  }

  public LabelMatcher {
    if (name == null || !LABEL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a label name is letters, digits and '_', not starting with a digit, got '" + name + "'");
    }
    if (op == null) throw new IllegalArgumentException("matcher " + name + " needs an operator: =, !=, =~ or !~");
    if (value == null) value = "";
    if (op == Op.REGEX || op == Op.NOT_REGEX) pattern(name, value);
  }

  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(name, Op.EQUAL, value);
  }

  /**
   * Reads {@code name=value}, {@code name!="value"}, {@code name=~regex} or {@code name!~"regex"};
   * a quoted value may escape {@code "} and {@code \} with a backslash.
   */
  public static LabelMatcher parse(String text) {
    if (text == null) throw new IllegalArgumentException("a matcher looks like service=\"checkout\", got null");
    String t = text.strip();
    int at = -1;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '=' || c == '!') {
        at = i;
        break;
      }
    }
    if (at <= 0 || at + 1 > t.length()) {
      throw new IllegalArgumentException("a matcher looks like service=\"checkout\" (or !=, =~, !~), got '" + text + "'");
    }
    String rest = t.substring(at);
    String symbol = rest.startsWith("=~") || rest.startsWith("!~") || rest.startsWith("!=") ? rest.substring(0, 2)
        : rest.startsWith("=") ? "=" : null;
    if (symbol == null) {
      throw new IllegalArgumentException("a matcher looks like service=\"checkout\" (or !=, =~, !~), got '" + text + "'");
    }
    return new LabelMatcher(t.substring(0, at).strip(), Op.ofSymbol(symbol), unquote(rest.substring(symbol.length()).strip(), text));
  }

  private static String unquote(String value, String text) {
    if (!value.startsWith("\"")) return value;
    if (value.length() < 2 || !value.endsWith("\"")) {
      throw new IllegalArgumentException("the value of matcher '" + text + "' opens a quote it does not close");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) c = value.charAt(++i);
      out.append(c);
    }
    return out.toString();
  }

  /** Whether the alert with {@code labels} passes this matcher; a missing label is "". */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    return switch (op) {
      case EQUAL -> actual.equals(value);
      case NOT_EQUAL -> !actual.equals(value);
      case REGEX -> pattern(name, value).matcher(actual).matches();
      case NOT_REGEX -> !pattern(name, value).matcher(actual).matches();
    };
  }

  /** Whether every matcher passes: the alert is selected. */
  public static boolean all(List<LabelMatcher> matchers, Map<String, String> labels) {
    for (LabelMatcher m : matchers) if (!m.matches(labels)) return false;
    return true;
  }

  /**
   * Refuses matchers that would select every alert, as Alertmanager does: at least one must not
   * match an alert without labels, or a typo silences everything.
   */
  static List<LabelMatcher> requireSelective(List<LabelMatcher> matchers, String what) {
    if (matchers == null || matchers.isEmpty()) {
      throw new IllegalArgumentException(what + " needs at least one matcher, such as service=\"checkout\"");
    }
    List<LabelMatcher> copy = List.copyOf(matchers);
    if (copy.stream().allMatch(m -> m.matches(Map.of()))) {
      throw new IllegalArgumentException(what + " would match every alert: at least one matcher must not match"
          + " an empty label value, got " + copy);
    }
    return copy;
  }

  private static Pattern pattern(String name, String regex) {
    // Compiled on use: a matcher is checked a few times per alert, and a record holding a Pattern
    // would lose value equality.
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("the regex of matcher " + name + " does not compile: '" + regex + "' ("
          + e.getDescription() + ")", e);
    }
  }

  /** As Alertmanager prints it: {@code service=~"checkout|search"}; {@link #parse} reads it back. */
  @Override
  public String toString() {
    return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
