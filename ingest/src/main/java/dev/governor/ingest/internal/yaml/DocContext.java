package dev.governor.ingest.internal.yaml;

import dev.governor.slo.SpecProblem;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One YAML document being read: which file and document it is, where its problems go, and how a
 * node's position maps to a line of the file the user wrote.
 *
 * <p>Three mappings exist because a document's text can come from three places: the whole file
 * (lines are the file's), a document sliced out of a file (its first line is {@code firstLine} of
 * the file), or YAML that Governor generated from a Sloth spec (no line of it is the user's, so
 * every problem points at the Sloth document).
 */
public final class DocContext {

  private final String file;
  private final int document;
  private final int firstLine;
  private final boolean fixedLine;
  private final List<SpecProblem> problems;
  private final int problemsAtStart;
  private List<SpecProblem> warnings = new java.util.ArrayList<>();

  private DocContext(String file, int document, int firstLine, boolean fixedLine, List<SpecProblem> problems) {
    this.file = file;
    this.document = document;
    this.firstLine = firstLine;
    this.fixedLine = fixedLine;
    this.problems = problems;
    this.problemsAtStart = problems.size();
  }

  /** Where this context's warnings go; without a sink they are dropped (a stored document read again). */
  public DocContext warningsTo(List<SpecProblem> sink) {
    this.warnings = sink;
    return this;
  }

  /** Something read differently from how it was written, that the person should know; not a problem. */
  public void warning(String path, int line, String message) {
    warnings.add(new SpecProblem(file, document, path, fixedLine ? firstLine : line, message));
  }

  /** Nodes composed from text whose first line is line {@code firstLine} of {@code file}. */
  public static DocContext startingAt(String file, int document, int firstLine, List<SpecProblem> sink) {
    return new DocContext(file, document, firstLine, false, sink);
  }

  /** Nodes of generated text: every problem is reported at {@code line} of {@code file}. */
  public static DocContext generatedAt(String file, int document, int line, List<SpecProblem> sink) {
    return new DocContext(file, document, line, true, sink);
  }

  public String file() {
    return file;
  }

  public int document() {
    return document;
  }

  /** The 1-based line of {@code node} in the file, 0 when the node carries no mark. */
  public int line(Node node) {
    if (fixedLine) return firstLine;
    return node.getStartMark().map(m -> firstLine + m.getLine()).orElse(0);
  }

  public void problem(String path, Node node, String message) {
    problem(path, line(node), message);
  }

  public void problem(String path, int line, String message) {
    problems.add(new SpecProblem(file, document, path, fixedLine ? firstLine : line, message));
  }

  /** Whether a problem was reported through this context since it was made. */
  public boolean hasProblems() {
    return problems.size() > problemsAtStart;
  }
}
