package dev.governor.ingest.webhook;

import dev.governor.delivery.Change;
import dev.governor.delivery.Deployment;
import dev.governor.incident.Instants;
import dev.governor.ingest.alerting.PayloadProblem;
import dev.governor.ingest.internal.json.JsonTree;
import dev.governor.basics.Names;
import dev.governor.slo.ServiceName;
import dev.governor.text.Quoted;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;

/**
 * Reads the fields of one webhook payload, as {@link JsonTree} gives it, and collects a problem for
 * every field that is missing or holds the wrong thing, named by its JSON path
 * ({@code builds[1].started_at}). A method that finds a problem returns null (or its default), so
 * a decoder reads on and reports every problem of the payload at once; it builds its records only
 * when there is none.
 *
 * <p>Values are quoted in problems bounded ({@link Quoted}), numbers included ({@code 1e999999999}
 * is not written out in full): a small request must not get a large answer.
 */
final class PayloadReader {

  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final DateTimeFormatter GITLAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[ Z][ z]");

  final List<PayloadProblem> problems = new ArrayList<>();

  /** The payload's top-level object, or null (and a problem) when the body is not a JSON object. */
  Obj root(byte[] json, String formatHint) {
    Object root;
    try {
      root = JsonTree.read(json);
    } catch (JacksonException e) {
      problem("", "the body is not valid JSON (" + JsonTree.describe(e) + "); " + formatHint);
      return null;
    } catch (JsonTree.MalformedJson e) {
      problem("", "the body is not valid JSON (" + e.getMessage() + "); " + formatHint);
      return null;
    }
    if (root instanceof Map<?, ?> object) return new Obj(object, "");
    problem("", "the payload must be a JSON object, got " + describe(root) + "; " + formatHint);
    return null;
  }

  void problem(String path, String message) {
    problems.add(new PayloadProblem(path, message));
  }

  /** One JSON object of the payload, at its path ({@code ""} for the payload itself). */
  final class Obj {
    private final Map<?, ?> values;
    final String path;

    private Obj(Map<?, ?> values, String path) {
      this.values = values;
      this.path = path;
    }

    /** The path of one of this object's fields. */
    String at(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    /** Whether the field holds an object. */
    boolean isObject(String field) {
      return values.get(field) instanceof Map<?, ?>;
    }

    /** A problem of the payload this object is part of. */
    void problem(String path, String message) {
      PayloadReader.this.problem(path, message);
    }

    /** Whether the field is there and not JSON null: senders write either for "none". */
    boolean has(String field) {
      return !absent(values.get(field));
    }

    private Object value(String field, boolean required, String hint) {
      Object value = values.get(field);
      if (absent(value)) {
        if (required) problem(at(field), at(field) + " is missing; " + hint);
        return null;
      }
      return value;
    }

    private void wrong(String field, String expected, Object value) {
      problem(at(field), at(field) + " must be " + expected + ", got " + describe(value));
    }

    /** A nested object; null when absent, or when it is not an object (a problem). */
    Obj object(String field, boolean required, String hint) {
      Object value = value(field, required, hint);
      if (value == null) return null;
      if (value instanceof Map<?, ?> map) return new Obj(map, at(field));
      wrong(field, "an object", value);
      return null;
    }

    /** The objects of a list, each at its index; empty when absent. A non-object element is a problem. */
    List<Obj> objects(String field) {
      Object value = value(field, false, "");
      if (value == null) return List.of();
      if (!(value instanceof List<?> list)) {
        wrong(field, "a list of objects", value);
        return List.of();
      }
      List<Obj> objects = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String path = at(field) + "[" + i + "]";
        if (list.get(i) instanceof Map<?, ?> map) objects.add(new Obj(map, path));
        else problem(path, path + " must be an object, got " + describe(list.get(i)));
      }
      return objects;
    }

    /** A string; null when absent or wrong. A required one must not be blank. */
    String string(String field, boolean required, String hint) {
      Object value = value(field, required, hint);
      if (value == null) return null;
      if (!(value instanceof String s)) {
        wrong(field, "a string", value);
        return null;
      }
      if (required && s.isBlank()) {
        problem(at(field), at(field) + " is blank; " + hint);
        return null;
      }
      return s;
    }

    /** An optional string, {@code otherwise} when absent, blank or wrong. */
    String string(String field, String otherwise) {
      String s = string(field, false, "");
      return s == null || s.isBlank() ? otherwise : s;
    }

    boolean bool(String field, boolean otherwise) {
      Object value = value(field, false, "");
      if (value == null) return otherwise;
      if (value instanceof Boolean b) return b;
      wrong(field, "true or false", value);
      return otherwise;
    }

    /** A whole number from 1 to 2^63 - 1, as GitHub and GitLab number their objects; null otherwise. */
    Long id(String field, boolean required, String hint) {
      Object value = value(field, required, hint);
      if (value == null) return null;
      // Compared as decimals before any conversion: 1e308 or 2.5 are refused, not rounded or wrapped.
      if (value instanceof BigDecimal n && n.signum() > 0 && n.compareTo(LONG_MAX) <= 0
          && n.stripTrailingZeros().scale() <= 0) {
        return n.longValueExact();
      }
      wrong(field, "a whole number from 1 to " + Long.MAX_VALUE, value);
      return null;
    }

    /** A commit SHA (7 to 64 hexadecimal digits), lowercased; null when absent or wrong. */
    String sha(String field, boolean required, String hint) {
      Object value = value(field, required, hint);
      if (value == null) return null;
      if (value instanceof String s && Change.Shas.isValid(s)) return s.toLowerCase(Locale.ROOT);
      wrong(field, "a commit SHA of 7 to 64 hexadecimal digits", value);
      return null;
    }

    /** An RFC 3339 time such as {@code 2026-03-02T09:30:00Z}; null when absent or wrong. */
    Instant rfc3339(String field, boolean required) {
      Object value = value(field, required, "send an RFC 3339 time such as \"2026-03-02T09:30:00Z\"");
      if (value == null) return null;
      Instant at = value instanceof String s ? storable(parseRfc3339(s)) : null;
      if (at == null) {
        wrong(field, "an RFC 3339 time such as \"2026-03-02T09:30:00Z\" (years 0001 to 9999)", value);
      }
      return at;
    }

    /**
     * A time as GitLab writes it: {@code 2021-04-28 21:50:00 +0200} or {@code 2016-08-12 15:23:28 UTC}
     * in older fields, RFC 3339 in newer ones; null when absent or wrong.
     */
    Instant gitlabTime(String field, boolean required) {
      Object value = value(field, required, "send a time such as \"2026-03-02 09:36:12 UTC\"");
      if (value == null) return null;
      Instant at = null;
      if (value instanceof String s) {
        try {
          at = storable(ZonedDateTime.parse(s, GITLAB_TIME).toInstant());
        } catch (DateTimeParseException notGitLabs) {
          at = storable(parseRfc3339(s));
        }
      }
      if (at == null) {
        wrong(field, "a time such as \"2026-03-02 09:36:12 UTC\", \"2026-03-02 10:36:12 +0100\" or"
            + " \"2026-03-02T09:36:12Z\" (years 0001 to 9999)", value);
      }
      return at;
    }

    /**
     * A service named by a repository or project name: lowercased, other characters than letters,
     * digits, '.', '_' and '-' made '-', and what is not a letter or digit cut from both ends.
     */
    ServiceName service(String field, String hint) {
      String name = string(field, true, hint);
      if (name == null) return null;
      String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-")
          .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
      if (Names.isValid(cleaned)) return ServiceName.of(cleaned);
      problem(at(field), at(field) + " must name the service with at least one letter or digit, and at most 253"
          + " characters, got " + describe(name));
      return null;
    }

    /** An environment name, {@code otherwise} when absent; null when it is not one Governor takes. */
    String environment(String field, String otherwise) {
      String name = string(field, false, "");
      if (name == null && has(field)) return null; // not a string, reported
      if (name == null) name = otherwise;
      if (name == null) {
        problem(at(field), at(field) + " is missing; name the environment the job deploys to");
        return null;
      }
      if (Deployment.isEnvironment(name)) return name;
      problem(at(field), at(field) + " must be 1-100 letters, digits, '.', '_', '/' or '-', starting with a"
          + " letter or digit, got " + describe(name) + "; rename the environment, e.g. \"production\"");
      return null;
    }

    /** Whether {@code version}, read from {@code field}, can be a deployment's version; a problem if not. */
    boolean version(String field, String version) {
      if (Deployment.isVersion(version)) return true;
      problem(at(field), at(field) + " must be 1 to " + Deployment.MAX_VERSION
          + " characters to serve as the deployment's version, got " + describe(version));
      return false;
    }
  }

  /** Absent and JSON null are the same for every field here: senders write either. */
  static boolean absent(Object value) {
    return value == null || value == JsonTree.NULL;
  }

  private static Instant parseRfc3339(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Null for an instant beyond the years 0001 to 9999, which RFC 3339 and the stores can hold. */
  private static Instant storable(Instant instant) {
    return instant != null && Instants.inRange(instant) ? instant : null;
  }

  /** "a string", "an object", ...: how a problem names what it got instead, quoted bounded. */
  static String describe(Object value) {
    return JsonTree.describe(value);
  }

  /** {@code text} quoted bounded, as every message quotes input. */
  static String bounded(String text) {
    return Quoted.bounded(text);
  }
}
