package dev.governor.prometheus.matching;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a lone instant-vector selector (a metric name, label matchers, or both) without
 * parsing it: the rules export and the PromQL pull both wrap such a query themselves
 * ({@code rate(...[window])}, {@code increase(...[1m])}), and must leave any other query alone.
 */
public final class PlainSelector {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /** Words that lex as a metric name but never stand alone as one. */
  private static final Set<String> KEYWORDS =
      Set.of("sum", "by", "without", "on", "ignoring", "bool", "and", "or", "unless", "offset");

  private PlainSelector() {}

  public static boolean matches(String query) {
    Matcher name = METRIC_NAME.matcher(query);
    int i = name.lookingAt() ? name.end() : 0;
    if (i == query.length()) return i > 0 && !KEYWORDS.contains(query);
    if (query.charAt(i) != '{') return false;
    i++;
    char quote = 0;
    for (; i < query.length(); i++) {
      char c = query.charAt(i);
      if (quote != 0) {
        if (c == '\\') i++;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '{' || c == '[' || c == '(') {
        return false;
      } else if (c == '}') {
        return i == query.length() - 1;
      }
    }
    return false;
  }
}
