package dev.governor.ingest.openslo;

import dev.governor.slo.Catalog;
import dev.governor.slo.SpecProblem;
import java.util.List;

/** What {@link CatalogResolver#resolve} made of a set of documents. */
public sealed interface Resolution permits Resolution.Resolved, Resolution.Invalid {

  /** Every reference resolved: the catalog to run. */
  record Resolved(Catalog catalog) implements Resolution {}

  /** Nothing resolved: every problem found, in file, document and line order. */
  record Invalid(List<SpecProblem> problems) implements Resolution {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) throw new IllegalArgumentException("an invalid resolution needs at least one problem");
    }
  }
}
