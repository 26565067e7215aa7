package dev.governor.ingest.internal.json;

import dev.governor.ingest.NumberLimits;
import dev.governor.text.Quoted;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JSON document into plain Java values: {@code Map<String, Object>} (in document order),
 * {@code List<Object>}, {@code String}, {@code BigDecimal}, {@code Boolean} and {@link #NULL}.
 *
 * <p>Alert and forge webhook payloads are small and their checks want to look at a whole object
 * at once (is {@code startsAt} required? that depends on {@code status}), so a tree suits them
 * better than the token loop of the events API, and plain values keep data binding out of the
 * ingest module. Shared by the alerting and webhook decoders, so both read JSON the same way.
 * A key given twice is malformed JSON here: which of the two values was meant is a guess.
 */
public final class JsonTree {

  /** JSON's null, so that "present but null" stays apart from "absent" where that matters. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(NumberLimits.STREAM_READ_CONSTRAINTS)
      .build();

  private JsonTree() {}

  /** The document's value; throws {@link JacksonException} when it is not one well-formed JSON value. */
  public static Object read(byte[] json) {
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
      JsonToken first = p.nextToken();
      if (first == null) throw new MalformedJson("the body is empty");
      Object value = value(p, first);
      if (p.nextToken() != null) throw new MalformedJson("there is more after the first JSON value");
      return value;
    }
  }

  /** A readable sentence for a {@link JacksonException}, with where it happened. */
  public static String describe(JacksonException e) {
    String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return e.getOriginalMessage() + where;
  }

  private static Object value(JsonParser p, JsonToken t) {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k == JsonToken.PROPERTY_NAME; k = p.nextToken()) {
          String name = p.currentName();
          object.put(name, value(p, p.nextToken()));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) array.add(value(p, v));
        yield array;
      }
      case VALUE_STRING -> p.getString();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p);
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> NULL;
      default -> throw new MalformedJson("unexpected " + t);
    };
  }

  /**
   * The number at the parser, refused when no field could hold it: converting 1e999999999 to a
   * plain decimal or to a long is where a tiny request turns into a gigabyte or a long stall.
   */
  private static BigDecimal number(JsonParser p) {
    BigDecimal n;
    try {
      n = p.getDecimalValue();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new MalformedJson("the number " + Quoted.bounded(p.getString()) + " is beyond any value Governor reads"
          + at(p));
    }
    if (!NumberLimits.withinReach(n)) {
      throw new MalformedJson("the number " + Quoted.number(n) + " is beyond any value Governor reads" + at(p));
    }
    return n.signum() == 0 ? BigDecimal.ZERO : n;
  }

  private static String at(JsonParser p) {
    var where = p.currentTokenLocation();
    return where == null || where.getLineNr() < 1 ? ""
        : " (at line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }

  /** "a string", "an object", ...: how a problem names what it got instead, quoted bounded. */
  public static String describe(Object value) {
    return switch (value) {
      case null -> "nothing";
      case Map<?, ?> m -> "an object";
      case List<?> l -> "a list";
      case String s -> "the string " + Quoted.string(s);
      case BigDecimal d -> "the number " + Quoted.number(d);
      case Boolean b -> "the boolean " + b;
      default -> "null";
    };
  }

  /** Compact JSON text of a value read by {@link #read}, for details that are not plain strings. */
  public static String text(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    switch (value) {
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!first) out.append(',');
          first = false;
          quote(String.valueOf(e.getKey()), out);
          out.append(':');
          write(e.getValue(), out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) out.append(',');
          write(list.get(i), out);
        }
        out.append(']');
      }
      case String s -> quote(s, out);
      case BigDecimal d -> out.append(d.toString());
      default -> out.append(value); // Boolean or NULL
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }

  /** The body is not one JSON value; reported like Jackson's own parse errors. */
  public static final class MalformedJson extends RuntimeException {
    MalformedJson(String message) {
      super(message, null, false, false);
    }
  }
}
