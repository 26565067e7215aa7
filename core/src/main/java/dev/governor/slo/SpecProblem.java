package dev.governor.slo;

/**
 * One thing wrong with an SLO document: which file, which document in it (1-based), the field path
 * ({@code spec.objectives[0].target}), the line (1-based, 0 when unknown) and how to fix it.
 */
public record SpecProblem(String file, int document, String path, int line, String message) {

  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + " (document " + document + ") " + path + ": " + message;
  }
}
