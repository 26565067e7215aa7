package dev.governor.prometheus.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A PromQL instant-vector selector without range or offset:
 * {@code http_requests_total{job="checkout", code!~"5.."}}. It is what a pushed SLI names in
 * {@code spec.query}. Parsing follows PromQL: the metric name may also be given as
 * {@code __name__="..."} (not both), strings are double-, single- or back-quoted with Go escapes,
 * a trailing comma is allowed, and a selector must hold at least one matcher that does not match
 * the empty string, so it cannot select every series there is.
 */
public record SeriesSelector(Optional<String> metricName, List<LabelMatcher> matchers) {

  public SeriesSelector {
    matchers = List.copyOf(matchers);
  }

  /** Whether the series with {@code labels} is selected. */
  public boolean matches(Labels labels) {
    if (metricName.isPresent() && !metricName.get().equals(labels.metricName())) return false;
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels.get(m.name()))) return false;
    }
    return true;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the column and what was expected there, e.g.
   *     "column 24: expected a quoted label value after code!~, got 5.."
   */
  public static SeriesSelector parse(String text) {
    return new Parser(text).selector();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(metricName.orElse(""));
    if (!matchers.isEmpty() || metricName.isEmpty()) {
      b.append('{');
      for (int i = 0; i < matchers.size(); i++) b.append(i == 0 ? "" : ", ").append(matchers.get(i));
      b.append('}');
    }
    return b.toString();
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text == null ? "" : text;
    }

    SeriesSelector selector() {
      skipSpace();
      if (atEnd()) throw error("expected a series selector such as http_requests_total{job=\"api\"}, got nothing");
      Optional<String> name = Optional.empty();
      if (isNameStart(peek(), true)) name = Optional.of(identifier(true));
      List<LabelMatcher> matchers = new ArrayList<>();
      skipSpace();
      if (!atEnd() && peek() == '{') {
        pos++;
        skipSpace();
        while (!atEnd() && peek() != '}') {
          matchers.add(matcher());
          skipSpace();
          if (!atEnd() && peek() == ',') {
            pos++;
            skipSpace();
          } else if (!atEnd() && peek() != '}') {
            throw error("expected , or } after " + matchers.getLast() + ", got " + rest());
          }
        }
        if (atEnd()) throw error("expected } to close the label matchers");
        pos++;
        skipSpace();
      }
      if (!atEnd()) {
        throw error("expected the end of the selector, got " + rest()
            + "; only a plain series selector (metric{label=\"value\"}) is accepted here,"
            + " no functions, operators, ranges or offsets");
      }
      List<LabelMatcher> rest = new ArrayList<>();
      for (LabelMatcher m : matchers) {
        if (m.name().equals(Labels.NAME) && m.op() == LabelMatcher.Op.EQUAL) {
          if (name.isPresent()) {
            throw new IllegalArgumentException("the metric name is set twice in " + text
                + ": give it before { or as __name__=\"...\", not both");
          }
          name = Optional.of(m.value());
        } else {
          rest.add(m);
        }
      }
      if (name.isEmpty() && rest.stream().allMatch(m -> m.matches(""))) {
        throw new IllegalArgumentException("the selector " + text + " would match every series: give a metric"
            + " name or at least one matcher that does not match the empty string");
      }
      return new SeriesSelector(name, rest);
    }

    private LabelMatcher matcher() {
      if (atEnd() || !isNameStart(peek(), false)) throw error("expected a label name, got " + rest());
      String label = identifier(false);
      skipSpace();
      LabelMatcher.Op op;
      if (text.startsWith("=~", pos)) op = LabelMatcher.Op.REGEX;
      else if (text.startsWith("!~", pos)) op = LabelMatcher.Op.NOT_REGEX;
      else if (text.startsWith("!=", pos)) op = LabelMatcher.Op.NOT_EQUAL;
      else if (text.startsWith("=", pos)) op = LabelMatcher.Op.EQUAL;
      else throw error("expected =, !=, =~ or !~ after label " + label + ", got " + rest());
      pos += op.symbol().length();
      skipSpace();
      String value = string(label + op.symbol());
      try {
        return switch (op) {
          case EQUAL, NOT_EQUAL -> new LabelMatcher(label, op, value, null);
          case REGEX, NOT_REGEX -> LabelMatcher.regex(label, op, value);
        };
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("in " + text + ": " + e.getMessage(), e);
      }
    }

    private String string(String after) {
      if (atEnd() || "\"'`".indexOf(peek()) < 0) {
        throw error("expected a quoted label value after " + after + ", got " + rest());
      }
      int start = pos;
      char quote = text.charAt(pos++);
      StringBuilder out = new StringBuilder();
      while (!atEnd() && peek() != quote) {
        char c = text.charAt(pos++);
        if (c == '\\' && quote != '`') {
          if (atEnd()) break;
          out.appendCodePoint(escape(quote));
        } else if (c == '\n' && quote != '`') {
          pos = start;
          throw error("a " + quote + "-quoted string cannot span lines");
        } else {
          out.append(c);
        }
      }
      if (atEnd()) {
        pos = start;
        throw error("the string starting here is not closed with " + quote);
      }
      pos++;
      return out.toString();
    }

    /** A Go escape sequence, the backslash already read. */
    private int escape(char quote) {
      int at = pos - 1;
      char c = text.charAt(pos++);
      return switch (c) {
        case 'a' -> 7;
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        case 'v' -> 11;
        case '\\' -> '\\';
        case '"', '\'' -> {
          if (c != quote) {
            pos = at;
            throw error("\\" + c + " is not a valid escape in a " + quote + "-quoted string");
          }
          yield c;
        }
        case 'x' -> hex(2, at);
        case 'u' -> hex(4, at);
        case 'U' -> hex(8, at);
        default -> {
          if (c >= '0' && c <= '7') {
            pos--;
            int v = 0;
            for (int i = 0; i < 3; i++) {
              if (atEnd() || peek() < '0' || peek() > '7') {
                pos = at;
                throw error("an octal escape needs three digits 0-7");
              }
              v = v * 8 + (text.charAt(pos++) - '0');
            }
            yield v;
          }
          pos = at;
          // Regexes are where this bites: "\d" must be written "\\d" inside a quoted string.
          throw error("unknown escape \\" + c + "; inside quotes write a backslash as \\\\ (a regex \\d is \"\\\\d\")"
              + " or use a `back-quoted` string");
        }
      };
    }

    private int hex(int digits, int at) {
      if (pos + digits > text.length()) {
        pos = at;
        throw error("the escape needs " + digits + " hex digits");
      }
      try {
        int v = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
        pos += digits;
        if (!Character.isValidCodePoint(v)) throw new NumberFormatException();
        return v;
      } catch (NumberFormatException e) {
        pos = at;
        throw error("the escape needs " + digits + " hex digits naming a character");
      }
    }

    private String identifier(boolean metric) {
      int start = pos;
      while (!atEnd() && isNamePart(peek(), metric)) pos++;
      return text.substring(start, pos);
    }

    private static boolean isNameStart(char c, boolean metric) {
      return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (metric && c == ':');
    }

    private static boolean isNamePart(char c, boolean metric) {
      return isNameStart(c, metric) || (c >= '0' && c <= '9');
    }

    private void skipSpace() {
      while (!atEnd() && Character.isWhitespace(peek())) pos++;
    }

    private boolean atEnd() {
      return pos >= text.length();
    }

    private char peek() {
      return text.charAt(pos);
    }

    private String rest() {
      if (atEnd()) return "the end";
      String r = text.substring(pos);
      return '\'' + (r.length() > 20 ? r.substring(0, 20) + "..." : r) + '\'';
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException("column " + (pos + 1) + " of " + text + ": " + message);
    }
  }
}
