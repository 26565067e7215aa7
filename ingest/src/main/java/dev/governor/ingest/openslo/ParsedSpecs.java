package dev.governor.ingest.openslo;

import dev.governor.slo.SpecProblem;
import java.util.List;

/**
 * What {@link SpecParser#parse} found in a file: the documents without problems, every problem of
 * the others, in file order, and warnings: what Governor read differently from what was written,
 * such as a default it applied. A caller applies nothing unless {@code problems} is empty, and
 * shows the warnings either way.
 */
public record ParsedSpecs(List<ResourceDocument> documents, List<SpecProblem> problems, List<SpecProblem> warnings) {
  public ParsedSpecs {
    documents = List.copyOf(documents);
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  public ParsedSpecs(List<ResourceDocument> documents, List<SpecProblem> problems) {
    this(documents, problems, List.of());
  }

  public boolean isValid() {
    return problems.isEmpty();
  }
}
