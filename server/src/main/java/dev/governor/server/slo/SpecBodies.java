package dev.governor.server.slo;

import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.server.http.Json;
import dev.governor.slo.SpecProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

/**
 * Turns the body of {@code POST /api/v1/slos} into parsed OpenSLO documents, YAML or JSON alike.
 *
 * <p>JSON is fed to the same YAML parser instead of being converted, because JSON is YAML 1.2 and
 * going through one parser keeps one set of messages and, above all, the line numbers of the body
 * the user sent. Two adjustments make JSON digestible as YAML: tabs become spaces (YAML refuses tabs
 * where JSON allows them; valid JSON has tabs only as whitespace, never in strings), and an array
 * becomes a stream of {@code ---} documents, each placed on the line where it starts in the body.
 */
final class SpecBodies {

  static final String JSON = "application/json";
  static final List<String> ACCEPTED =
      List.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", JSON);

  private SpecBodies() {}

  static ParsedSpecs parse(String mediaType, byte[] body, String file) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return invalid(file, 0, "the body is not UTF-8 text; save the file as UTF-8");
    }
    return JSON.equals(mediaType) ? parseJson(text, file) : SpecParser.parse(file, text);
  }

  private static ParsedSpecs parseJson(String text, String file) {
    String yaml;
    try (JsonParser json = Json.MAPPER.createParser(text)) {
      JsonToken first = json.nextToken();
      if (first == JsonToken.START_OBJECT) {
        json.skipChildren();
        requireEnd(json);
        yaml = text.replace('\t', ' ');
      } else if (first == JsonToken.START_ARRAY) {
        yaml = documentsOf(json, text);
      } else {
        return invalid(file, first == null ? 0 : json.currentTokenLocation().getLineNr(),
            "a JSON body must be one OpenSLO document (an object) or an array of them");
      }
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      return invalid(file, line, "not valid JSON: " + e.getOriginalMessage());
    } catch (NotADocument e) {
      return invalid(file, e.line, e.getMessage());
    }
    return SpecParser.parse(file, yaml);
  }

  /** The array's objects as YAML documents, each starting on its line of the body where possible. */
  private static String documentsOf(JsonParser json, String text) {
    StringBuilder yaml = new StringBuilder();
    int line = 1;
    JsonToken token;
    while ((token = json.nextToken()) == JsonToken.START_OBJECT) {
      TokenStreamLocation start = json.currentTokenLocation();
      json.skipChildren();
      int end = (int) json.currentTokenLocation().getCharOffset() + 1;
      String document = text.substring((int) start.getCharOffset(), end).replace('\t', ' ');
      // Two objects on one line cannot both keep their line; the later one then moves down.
      if (yaml.length() > 0 && line >= start.getLineNr()) {
        yaml.append('\n');
        line++;
      }
      while (line < start.getLineNr()) {
        yaml.append('\n');
        line++;
      }
      yaml.append("--- ").append(document);
      line += (int) document.chars().filter(c -> c == '\n').count();
    }
    if (token != JsonToken.END_ARRAY) {
      throw new NotADocument(json.currentTokenLocation().getLineNr(),
          "each element of a JSON array must be an OpenSLO document (an object)");
    }
    requireEnd(json);
    return yaml.append('\n').toString();
  }

  private static void requireEnd(JsonParser json) {
    if (json.nextToken() != null) {
      throw new NotADocument(json.currentTokenLocation().getLineNr(),
          "unexpected content after the JSON document; send one object or one array");
    }
  }

  private static ParsedSpecs invalid(String file, int line, String message) {
    return new ParsedSpecs(List.of(), List.of(new SpecProblem(file, 1, "", line, message)));
  }

  /** A JSON body that parses but holds no documents; local to this class, never escapes it. */
  private static final class NotADocument extends RuntimeException {
    final int line;

    NotADocument(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }
}
