package dev.governor.ingest.internal.yaml;

import dev.governor.slo.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Splits a YAML stream into its documents, each with its node tree (every node marked with its
 * line), the line it starts on and its own text.
 *
 * <p>A document's text runs from the line of its root node to the line before the next document's
 * {@code ---}, so that the text alone composes to the same tree, comments and all, and its line 1
 * is line {@link Doc#line()} of the file. The parser is driven by hand, rather than through
 * {@code Compose.composeAllFromString}, because only the parser knows where each document starts.
 */
public final class YamlDocuments {

  private YamlDocuments() {}

  /** One non-empty document of the stream; {@code index} counts from 1 and includes empty documents. */
  public record Doc(int index, Node root, int line, String source) {}

  /** The documents read before the end or before a syntax error, and that error if there was one. */
  public record Split(List<Doc> documents, Optional<SpecProblem> syntaxError) {}

  /**
   * The longest line read. The YAML scanner's cost per character grows with the length of the line
   * it is in (a 15 MiB one-line comment took 87 s, the same bytes in short lines 0.2 s), so a longer
   * line is refused before parsing. No SLO, policy or on-call document needs one: a long query or
   * text folds over several lines with YAML's {@code >} or {@code |}.
   */
  public static final int MAX_LINE_CHARACTERS = 8192;

  public static Split split(String file, String text) {
    Optional<SpecProblem> tooLong = overlongLine(file, text);
    if (tooLong.isPresent()) return new Split(List.of(), tooLong);
    LoadSettings settings = LoadSettings.builder()
        .setLabel(file)
        .setSchema(new CoreSchema())
        // Documents come from people and from the network: keep alias expansion small.
        .setMaxAliasesForCollections(20)
        // The reader copies what it holds of a token each time it refills its buffer (1024
        // characters by default), so a token costs the square of its length over the buffer's; a
        // buffer of the longest line keeps that to about one copy per character.
        .setBufferSize(MAX_LINE_CHARACTERS)
        .build();
    ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
    Composer composer = new Composer(settings, parser);
    List<Node> roots = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    Optional<SpecProblem> error = Optional.empty();
    try {
      while (composer.hasNext()) {
        starts.add(parser.peekEvent().getStartMark().map(Mark::getLine).orElse(0));
        roots.add(composer.next());
      }
    } catch (YamlEngineException e) {
      error = Optional.of(syntaxProblem(file, roots.size() + 1, e));
    } catch (StackOverflowError e) {
      // The parser recurses once per level of nesting and has no limit of its own, so a document of
      // thousands of nested brackets exhausts the stack. Nothing is shared with the parser and the
      // stack has unwound by here, so the request can be answered like any other bad document.
      error = Optional.of(new SpecProblem(file, roots.size() + 1, "", 0,
          "YAML nests too deeply for Governor to read; no SLO, policy or on-call document needs more than a few"
              + " levels"));
    }

    int[] lineStarts = lineStarts(text);
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < roots.size(); i++) {
      Node root = roots.get(i);
      if (Nodes.isNull(root)) continue;
      int first = root.getStartMark().map(Mark::getLine).orElse(starts.get(i));
      // The root of "--- {a: 1}" starts on the line of its "---": keep the marker, it parses alone.
      int from = lineStarts[Math.min(first, lineStarts.length - 1)];
      int to = i + 1 < starts.size() ? lineStarts[Math.min(starts.get(i + 1), lineStarts.length - 1)] : text.length();
      docs.add(new Doc(i + 1, root, first + 1, text.substring(from, Math.max(from, to))));
    }
    return new Split(List.copyOf(docs), error);
  }

  private static SpecProblem syntaxProblem(String file, int document, YamlEngineException e) {
    if (e instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
      Mark mark = marked.getProblemMark().get();
      String context = marked.getContext() == null ? "" : marked.getContext() + ", ";
      return new SpecProblem(file, document, "", mark.getLine() + 1,
          "YAML syntax: " + context + marked.getProblem() + " (line " + (mark.getLine() + 1)
              + ", column " + (mark.getColumn() + 1) + "); check the indentation and quoting there");
    }
    return new SpecProblem(file, document, "", 0, "YAML syntax: " + e.getMessage());
  }

  /**
   * The items of a document that is a list of documents, as {@code oslo fmt} and the OpenSLO go-sdk
   * write a file ({@code - apiVersion: openslo/v1 …}), each as a document of its own: its text is
   * cut from the list and dedented, so that it reads alone as if written after a {@code ---}, and
   * its lines keep their numbers in the file. Empty when {@code list} is not such a list, or is
   * written in flow style ({@code [{…}]}), whose items have no text of their own to cut.
   */
  public static List<Doc> items(String text, Doc list) {
    if (!(list.root() instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) return List.of();
    int[] lineStarts = lineStarts(text);
    List<Doc> items = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      if (!(item instanceof MappingNode) || item.getStartMark().isEmpty() || item.getEndMark().isEmpty()) return List.of();
      Mark start = item.getStartMark().get();
      Mark end = item.getEndMark().get();
      int column = start.getColumn();
      int lastLine = end.getColumn() == 0 ? end.getLine() - 1 : end.getLine();
      StringBuilder source = new StringBuilder();
      for (int line = start.getLine(); line <= lastLine && line < lineStarts.length; line++) {
        int from = lineStarts[line];
        int to = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
        String content = text.substring(from, to);
        if (line == start.getLine()) {
          source.append(content.substring(Math.min(column, content.length())));
        } else if (content.isBlank() || content.strip().startsWith("#")) {
          source.append("\n"); // keeps the item's line numbers; a comment between items belongs to neither
        } else if (content.length() >= column && content.substring(0, column).isBlank()) {
          source.append(content.length() >= column ? content.substring(column) : "\n");
        } else {
          return List.of(); // flow style or an item that does not stand in its own block
        }
      }
      items.add(new Doc(list.index(), item, start.getLine() + 1, source.toString()));
    }
    return items;
  }

  /** The first line longer than {@link #MAX_LINE_CHARACTERS}, as a problem; one pass, no parsing. */
  private static Optional<SpecProblem> overlongLine(String file, String text) {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      boolean end = i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r';
      if (!end) continue;
      if (i - start > MAX_LINE_CHARACTERS) {
        return Optional.of(new SpecProblem(file, 1, "", line, "line " + line + " is " + (i - start)
            + " characters long; Governor reads lines of at most " + MAX_LINE_CHARACTERS
            + " characters: break it, folding a long text over several lines with YAML's > or |"));
      }
      if (i < text.length() && text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
      line++;
      start = i + 1;
    }
    return Optional.empty();
  }

  /** Where each line starts; YAML 1.2 breaks lines at \n, \r\n and \r only. */
  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
      if (c == '\n' || c == '\r') starts.add(i + 1);
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
