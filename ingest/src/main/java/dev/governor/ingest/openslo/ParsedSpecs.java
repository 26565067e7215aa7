package dev.governor.ingest.openslo;

import dev.governor.slo.SpecProblem;
import java.util.List;

/**
 * What {@link SpecParser#parse} found in a file: the documents without problems, and every problem
 * of the others, in file order. A caller applies nothing unless {@code problems} is empty.
 */
public record ParsedSpecs(List<ResourceDocument> documents, List<SpecProblem> problems) {
  public ParsedSpecs {
    documents = List.copyOf(documents);
    problems = List.copyOf(problems);
  }

  public boolean isValid() {
    return problems.isEmpty();
  }
}
