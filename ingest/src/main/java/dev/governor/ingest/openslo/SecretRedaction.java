package dev.governor.ingest.openslo;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the credentials of Prometheus connections ({@code token}, {@code username},
 * {@code password}) in an OpenSLO source before it is shown: the API and the UI serve the stored
 * text, which is otherwise exactly what was applied.
 *
 * <p>The text is redacted line by line, not re-serialised, so that what the user sees keeps their
 * layout, comments and line numbers (problems point at lines). Each value of such a key, in block
 * or flow style, plain, quoted or a block scalar, and any continuation lines it has, becomes
 * {@code '***'} (quoted: a plain {@code ***} would read as an alias), and the continuation lines
 * become blank, so the text stays valid YAML. {@code ${NAME}} references are kept: they name a
 * variable, not a secret. A key of that name elsewhere in a document is redacted too: hiding a
 * value too many is the safe mistake.
 */
public final class SecretRedaction {

  public static final String MASK = "'***'";
  private static final Set<String> KEYS = Set.of("token", "username", "password");
  private static final Pattern KEY = Pattern.compile("([\"']?)(token|username|password)\\1[ \\t]*:(?=[ \\t]|$)");
  private static final Pattern ENV_REFERENCE = Pattern.compile("[\"']?\\$\\{[A-Za-z_][A-Za-z0-9_]*}[\"']?");

  private SecretRedaction() {}

  /** {@code source} with every credential value replaced by {@value #MASK}; as many lines as it had. */
  public static String redact(String source) {
    String[] lines = source.split("\n", -1);
    boolean[] crlf = new boolean[lines.length];
    for (int i = 0; i < lines.length; i++) {
      crlf[i] = lines[i].endsWith("\r");
      if (crlf[i]) lines[i] = lines[i].substring(0, lines[i].length() - 1);
    }
    for (int i = 0; i < lines.length; i++) {
      i = redactLine(lines, i);
    }
    for (int i = 0; i < lines.length; i++) {
      if (crlf[i]) lines[i] += "\r";
    }
    return String.join("\n", lines);
  }

  /** Redacts the keys on line {@code i} and the lines their values continue on; returns the last line touched. */
  private static int redactLine(String[] lines, int i) {
    String line = lines[i];
    int from = 0;
    int last = i;
    while (true) {
      Matcher m = KEY.matcher(line);
      if (!m.find(from)) break;
      int keyStart = m.start();
      String before = line.substring(0, keyStart).stripTrailing();
      boolean blockKey = before.isBlank() || before.strip().matches("(-\\s*)+");
      boolean flowKey = before.endsWith("{") || before.endsWith(",");
      if (!blockKey && !flowKey || line.stripLeading().startsWith("#") || !KEYS.contains(m.group(2))) {
        from = m.end();
        continue;
      }
      int v = m.end();
      while (v < line.length() && (line.charAt(v) == ' ' || line.charAt(v) == '\t')) v++;
      int end; // exclusive end of the value on this line
      boolean continues = false; // the value goes on over the following, more indented lines
      char quote = v < line.length() ? line.charAt(v) : 0;
      if (quote == '\'' || quote == '"') {
        end = closingQuote(line, v + 1, quote);
        if (end < 0) {
          // A quoted value over several lines: blank them up to the closing quote.
          end = line.length();
          for (int j = i + 1; j < lines.length; j++) {
            int close = closingQuote(lines[j], 0, quote);
            last = j;
            if (close >= 0) {
              lines[j] = " ".repeat(close) + lines[j].substring(close);
              break;
            }
            lines[j] = "";
          }
        }
      } else if (quote == '|' || quote == '>' || v >= line.length() || line.charAt(v) == '#') {
        end = quote == '|' || quote == '>' ? commentStart(line, v) : v;
        continues = true;
      } else if (flowKey) {
        end = v;
        while (end < line.length() && line.charAt(end) != ',' && line.charAt(end) != '}'
            && !(line.charAt(end) == '#' && line.charAt(end - 1) == ' ')) end++;
        while (end > v && line.charAt(end - 1) == ' ') end--;
      } else {
        end = commentStart(line, v);
        continues = true;
      }
      String value = line.substring(v, end).strip();
      if (ENV_REFERENCE.matcher(value).matches()) {
        from = end;
        continue;
      }
      String head = line.substring(0, m.end()) + " ";
      String rest = line.substring(end);
      line = head + MASK + (rest.isEmpty() || rest.startsWith(" ") || rest.startsWith(",") || rest.startsWith("}")
          ? rest : " " + rest);
      lines[i] = line;
      from = head.length() + MASK.length();
      if (continues && blockKey) {
        for (int j = i + 1; j < lines.length; j++) {
          String next = lines[j];
          if (!next.isBlank() && indent(next) <= keyStart) break;
          lines[j] = "";
          last = j;
        }
      }
    }
    return last;
  }

  private static int closingQuote(String line, int from, char quote) {
    for (int k = from; k < line.length(); k++) {
      char c = line.charAt(k);
      if (quote == '"' && c == '\\') {
        k++;
      } else if (c == quote) {
        if (quote == '\'' && k + 1 < line.length() && line.charAt(k + 1) == '\'') {
          k++;
        } else {
          return k + 1;
        }
      }
    }
    return -1;
  }

  /** Where a {@code #} comment starts after {@code from}, or the end of the line; the value before it, stripped. */
  private static int commentStart(String line, int from) {
    int end = line.length();
    for (int k = from; k < line.length(); k++) {
      if (line.charAt(k) == '#' && (k == from || line.charAt(k - 1) == ' ' || line.charAt(k - 1) == '\t')) {
        end = k;
        break;
      }
    }
    while (end > from && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) end--;
    return end;
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') n++;
    return n;
  }
}
