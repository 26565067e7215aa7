package dev.governor.ingest.events;

import dev.governor.ingest.NumberLimits;
import dev.governor.sli.Bucket;
import dev.governor.sli.IngestOutcome.EventProblem;
import dev.governor.sli.SeriesKey;
import dev.governor.sli.SliEvent;
import dev.governor.basics.EventCounts;
import dev.governor.basics.Names;
import dev.governor.basics.SliName;
import dev.governor.text.Quoted;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Decodes a batch of the events API:
 *
 * <pre>{@code
 * {"events": [
 *   {"sli": "checkout-availability", "good": 998, "total": 1000},
 *   {"sli": "checkout-availability", "time": "2026-11-21T10:00:30Z", "bad": 2, "total": 1000},
 *   {"sli": "search-latency", "time": "2026-11-21T10:00:30+01:00", "value": 0.213, "count": 1},
 *   {"sli": "checkout-availability", "version": "1.4.2", "good": 297, "total": 300}
 *   {"sli": "api-requests", "labels": {"endpoint": "/checkout"}, "good": 99, "total": 100}
 * ]}
 * }</pre>
 *
 * <p>An event carries {@code total} with exactly one of {@code good} or {@code bad} (counts are
 * whole numbers, at most {@code total}), or a {@code value} with an optional {@code count} of
 * measurements (at least 1, default 1). Every count is at most {@value #MAX_COUNT}.
 * {@code time} is optional, RFC 3339 with an offset; without it the event happened when the
 * batch was received, and with it a client can backfill. {@code version} is optional too: the
 * version of the service that served the events (a canary, or the baseline beside it); such events
 * count for the SLI as any other and also in that version's series, which canary verification
 * compares (see {@link dev.governor.sli.SeriesKey}). The whole batch is
 * checked and every problem reported with the event's index (from 0) and field; problems with the
 * batch itself have index -1. Whether each SLI exists is not checked here: the evaluator knows.
 *
 * <p>Speed matters here (the server takes hundreds of thousands of events a second), so the JSON
 * is read token by token straight into events, with no tree and no data binding in between, the
 * common timestamp form is parsed by hand, and SLI names are validated once per batch.
 */
public final class EventBatchDecoder {

  /**
   * The largest {@code good}, {@code bad}, {@code total} or {@code count} one event may carry:
   * 10^12, far beyond any real traffic (16 billion requests a second for a whole minute), and as
   * much as one minute bucket may hold ({@link Bucket#MAX_TOTAL}); the evaluator refuses, naming
   * the event, what would take a bucket past it with the events already stored, so no sum
   * overflows. Refused here, a typo gets its message before the batch reaches the store.
   */
  public static final long MAX_COUNT = Bucket.MAX_TOTAL;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(NumberLimits.STREAM_READ_CONSTRAINTS)
      .build();

  private EventBatchDecoder() {}

  /**
   * Decodes {@code json}; an event without {@code time} happened at {@code receivedAt} (the
   * server's clock when the batch arrived), so a client reporting live counts need not send one.
   */
  public static DecodedBatch decode(byte[] json, Instant receivedAt) {
    Batch batch = new Batch(Objects.requireNonNull(receivedAt, "receivedAt"));
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
      batch.read(p);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      return new DecodedBatch(List.of(), List.of(new EventProblem(-1, "",
          "malformed JSON" + where + ": " + e.getOriginalMessage()
              + "; send {\"events\": [{\"sli\": ..., \"good\": ..., \"total\": ...}]}")));
    }
    return batch.problems.isEmpty()
        ? new DecodedBatch(batch.events, List.of())
        : new DecodedBatch(List.of(), batch.problems);
  }

  /** The state of one decoding. */
  private static final class Batch {
    final List<SliEvent> events = new ArrayList<>();
    final List<EventProblem> problems = new ArrayList<>();
    final Map<String, SliName> names = new HashMap<>();
    /** When an event without {@code time} happened. */
    final Instant receivedAt;

    Batch(Instant receivedAt) {
      this.receivedAt = receivedAt;
    }

    void read(JsonParser p) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        problem(-1, "", "a batch is a JSON object: {\"events\": [...]}");
        return;
      }
      boolean sawEvents = false;
      for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("events")) {
          problem(-1, field, "unknown field '" + field + "'; a batch holds only \"events\"");
          p.skipChildren();
        } else if (sawEvents) {
          problem(-1, "events", "\"events\" appears twice; send one list");
          p.skipChildren();
        } else if (value != JsonToken.START_ARRAY) {
          problem(-1, "events", "\"events\" must be a list of events, got " + describe(value));
          p.skipChildren();
          sawEvents = true;
        } else {
          sawEvents = true;
          readEvents(p);
        }
      }
      if (p.nextToken() != null) problem(-1, "", "unexpected content after the batch object; send one object");
      if (!sawEvents) problem(-1, "events", "the batch has no \"events\" list; send {\"events\": [...]}");
    }

    void readEvents(JsonParser p) {
      int index = 0;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
        if (t != JsonToken.START_OBJECT) {
          problem(index, "", "an event is a JSON object such as {\"sli\": ..., \"good\": ..., \"total\": ...}, got " + describe(t));
          p.skipChildren();
          continue;
        }
        readEvent(p, index);
      }
      if (index == 0 && problems.isEmpty()) problem(-1, "events", "the batch holds no events; send at least one");
    }

    // Fields of one event; -1 means absent. Kept as fields, not a map, because this is the hot loop.
    private String sli;
    private String time;
    private String version;
    private java.util.Map<String, String> labels;
    private long good, bad, total, count;
    private BigDecimal value;
    private int problemsBefore;

    void readEvent(JsonParser p, int index) {
      sli = null;
      time = null;
      version = null;
      labels = java.util.Map.of();
      good = bad = total = count = -1;
      value = null;
      problemsBefore = problems.size();
      int seen = 0;
      for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        int bit = switch (field) {
          case "sli" -> 1;
          case "time" -> 2;
          case "good" -> 4;
          case "bad" -> 8;
          case "total" -> 16;
          case "value" -> 32;
          case "count" -> 64;
          case "version" -> 128;
          case "labels" -> 256;
          default -> 0;
        };
        if (bit == 0) {
          problem(index, field, "unknown field '" + field + "'; an event has sli, an optional time, version and"
              + " labels, and good or bad with total, or value and count");
          p.skipChildren();
          continue;
        }
        if ((seen & bit) != 0) {
          problem(index, field, "'" + field + "' appears twice in the event; send it once");
          p.skipChildren();
          continue;
        }
        seen |= bit;
        switch (bit) {
          case 1 -> sli = text(p, v, index, field, "the SLI's metadata.name, e.g. \"checkout-availability\"");
          case 2 -> time = text(p, v, index, field, "an RFC 3339 time such as \"2026-11-21T10:00:30Z\"");
          case 4 -> good = whole(p, v, index, field, 0);
          case 8 -> bad = whole(p, v, index, field, 0);
          case 16 -> total = whole(p, v, index, field, 0);
          case 32 -> value = number(p, v, index, field);
          case 64 -> count = whole(p, v, index, field, 1);
          case 256 -> labels = labels(p, v, index);
          default -> version = text(p, v, index, field, "the version that served the events, e.g. \"1.4.2\"");
        }
      }
      build(index, seen);
    }

    /** The most labels one event may carry: grouped SLOs need a few, not a whole metric's. */
    static final int MOST_LABELS = 32;

    /** {@code "labels": {"endpoint": "/checkout"}}: names and values as text, for grouped SLOs. */
    private java.util.Map<String, String> labels(JsonParser p, JsonToken v, int index) {
      if (v != JsonToken.START_OBJECT) {
        problem(index, "labels", "labels must be an object of text values, e.g. {\"endpoint\": \"/checkout\"}");
        p.skipChildren();
        return java.util.Map.of();
      }
      java.util.Map<String, String> out = new java.util.HashMap<>();
      for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        if (value != JsonToken.VALUE_STRING) {
          problem(index, "labels." + key, "label values are text, e.g. \"" + key + "\": \"/checkout\"");
          p.skipChildren();
          continue;
        }
        if (!key.matches("[a-zA-Z_][a-zA-Z0-9_]{0,99}")) {
          problem(index, "labels", "'" + (key.length() > 100 ? key.substring(0, 100) + "…" : key)
              + "' is not a label name: letters, digits and _, not starting with a digit");
          continue;
        }
        out.put(key, p.getString());
      }
      if (out.size() > MOST_LABELS) {
        problem(index, "labels", out.size() + " labels; an event carries at most " + MOST_LABELS);
      }
      return out;
    }

    private void build(int index, int seen) {
      SliName name = null;
      if ((seen & 1) == 0) {
        problem(index, "sli", "sli is required: the metadata.name of the SLI, e.g. \"checkout-availability\"");
      } else if (sli != null) {
        name = names.get(sli);
        if (name == null) {
          if (Names.isValid(sli)) {
            name = SliName.of(sli);
            names.put(sli, name);
          } else {
            problem(index, "sli", "'" + sli + "' is not an SLI name: SLI names are lowercase letters, digits, '-', '_' or '.'");
          }
        }
      }
      Optional<String> served = Optional.empty();
      if (version != null) {
        if (SeriesKey.isValidVersion(version)) {
          served = Optional.of(version);
        } else {
          problem(index, "version", "'" + version + "' is not a version: 1-128 letters, digits, '.', '_', '+', ':', '/'"
              + " or '-', starting with a letter or digit, e.g. \"1.4.2\"");
        }
      }
      Instant at = null;
      if ((seen & 2) == 0) {
        at = receivedAt;
      } else if (time != null) {
        at = Rfc3339.parse(time);
        if (at == null) {
          problem(index, "time", "'" + time + "' is not an RFC 3339 time; send e.g. \"2026-11-21T10:00:30Z\" or \"2026-11-21T11:00:30+01:00\"");
        }
      }
      boolean counts = (seen & (4 | 8 | 16)) != 0;
      boolean measured = (seen & (32 | 64)) != 0;
      if (counts && measured) {
        problem(index, (seen & 32) != 0 ? "value" : "count",
            "an event has counts (good or bad with total) or a measurement (value and count), not both");
      } else if (counts) {
        if ((seen & 4) != 0 && (seen & 8) != 0) {
          problem(index, "bad", "give good or bad, not both: the other follows from total");
        } else if ((seen & 16) == 0) {
          problem(index, "total", "total is required with " + ((seen & 4) != 0 ? "good" : "bad"));
        } else if ((seen & (4 | 8)) == 0) {
          problem(index, "good", "a count event needs good or bad with total, e.g. \"good\": 998, \"total\": 1000");
        } else {
          long part = (seen & 4) != 0 ? good : bad;
          if (part >= 0 && total >= 0 && part > total) {
            String f = (seen & 4) != 0 ? "good" : "bad";
            problem(index, f, f + " (" + part + ") must not exceed total (" + total + ")");
          }
        }
      } else if (!measured) {
        problem(index, "", "an event needs good or bad with total (a ratio SLI) or value (a threshold SLI)");
      } else if ((seen & 32) == 0) {
        problem(index, "value", "value is required with count: the measured value, e.g. 0.213");
      }
      if (problems.size() > problemsBefore) return;
      if (counts) {
        long g = (seen & 4) != 0 ? good : total - bad;
        events.add(new SliEvent.Counts(name, at, new EventCounts(g, total), served, labels));
      } else {
        events.add(new SliEvent.Value(name, at, value, (seen & 64) != 0 ? count : 1, served, labels));
      }
    }

    private String text(JsonParser p, JsonToken t, int index, String field, String example) {
      if (t == JsonToken.VALUE_STRING) return p.getString();
      problem(index, field, field + " must be a string: " + example + ", got " + describe(t));
      p.skipChildren();
      return null;
    }

    private long whole(JsonParser p, JsonToken t, int index, String field, long min) {
      if (t == JsonToken.VALUE_NUMBER_INT) {
        boolean huge = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
        long v = huge ? Long.MAX_VALUE : p.getLongValue();
        if (v > MAX_COUNT) {
          problem(index, field, field + " must be at most " + MAX_COUNT + " (10^12), got "
              + (huge ? Quoted.bounded(p.getString()) : v) + "; split larger counts over several events or minutes");
          return -1;
        }
        if (v >= min) return v;
        problem(index, field, field + " must be at least " + min + ", got " + v);
        return -1;
      }
      problem(index, field, field + " must be a whole number" + (min > 0 ? " of at least " + min : " >= 0")
          + ", got " + describe(t, p));
      p.skipChildren();
      return -1;
    }

    private BigDecimal number(JsonParser p, JsonToken t, int index, String field) {
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        BigDecimal n = p.getDecimalValue();
        if (NumberLimits.withinReach(n)) return n;
        problem(index, field, field + " must be a number such as 0.213, got " + Quoted.number(n)
            + ", which is beyond any value Governor reads");
        return null;
      }
      problem(index, field, field + " must be a number such as 0.213, got " + describe(t, p));
      p.skipChildren();
      return null;
    }

    private void problem(int index, String field, String message) {
      problems.add(new EventProblem(index, field, message));
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> String.valueOf(t);
    };
  }

  private static String describe(JsonToken t, JsonParser p) {
    return switch (t) {
      case VALUE_NUMBER_FLOAT, VALUE_STRING -> describe(t) + " " + (t == JsonToken.VALUE_STRING ? Quoted.string(p.getString()) : Quoted.bounded(p.getString()));
      default -> describe(t);
    };
  }

  /**
   * RFC 3339 date-times. The form every client sends ({@code 2026-11-21T10:00:30Z}, with optional
   * fraction and offset) is read by hand, several times faster than {@link OffsetDateTime#parse};
   * anything else falls back to it.
   */
  static final class Rfc3339 {
    private Rfc3339() {}

    /** The instant, or null when {@code s} is not an RFC 3339 date-time. */
    static Instant parse(String s) {
      Instant fast = fast(s);
      if (fast != null) return fast;
      try {
        return OffsetDateTime.parse(s.replace(' ', 'T').replace('t', 'T').replace('z', 'Z')).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }

    private static Instant fast(String s) {
      int n = s.length();
      if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
          || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
      int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
      int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
      if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
          || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
      int i = 19;
      int nanos = 0;
      if (s.charAt(i) == '.') {
        int start = ++i;
        while (i < n && Character.isDigit(s.charAt(i))) i++;
        int len = i - start;
        if (len == 0 || len > 9) return null;
        nanos = digits(s, start, len);
        for (int k = len; k < 9; k++) nanos *= 10;
      }
      if (i >= n) return null;
      int offsetSeconds;
      char z = s.charAt(i);
      if (z == 'Z' && i == n - 1) {
        offsetSeconds = 0;
      } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
        int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
        offsetSeconds = (z == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      } else {
        return null;
      }
      long epochDay = epochDay(year, month, day);
      long seconds = epochDay * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
      return Instant.ofEpochSecond(seconds, nanos);
    }

    private static int digits(String s, int from, int len) {
      int v = 0;
      for (int k = from; k < from + len; k++) {
        char c = s.charAt(k);
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
      }
      return v;
    }

    private static int lengthOfMonth(int year, int month) {
      return switch (month) {
        case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        case 4, 6, 9, 11 -> 30;
        default -> 31;
      };
    }

    /** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
    private static long epochDay(int y, int m, int d) {
      y -= m <= 2 ? 1 : 0;
      long era = Math.floorDiv(y, 400);
      long yoe = y - era * 400;
      long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
      long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
      return era * 146097 + doe - 719468;
    }
  }
}
