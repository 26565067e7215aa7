package dev.governor.ingest.openslo;

import dev.governor.ingest.internal.yaml.DocContext;
import dev.governor.ingest.internal.yaml.YamlDocuments;
import dev.governor.ingest.internal.yaml.YamlMap;
import dev.governor.ingest.sloth.SlothTranslator;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.SpecProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a YAML file of OpenSLO v1 documents and Sloth specs and checks each document on its own:
 * structure, types, names, durations, targets, and that no kind and name is defined twice in the
 * file. References between documents are checked later, by {@link CatalogResolver}, because they
 * may point into other files.
 *
 * <p>Every problem of every document is collected, each with the file, the document (1-based), the
 * field path ({@code spec.objectives[0].target}, list indexes from 0), the line and how to fix it.
 * A YAML syntax error ends the file: the documents before it are still checked.
 */
public final class SpecParser {

  private SpecParser() {}

  public static ParsedSpecs parse(String file, String text) {
    List<SpecProblem> problems = new ArrayList<>();
    List<SpecProblem> warnings = new ArrayList<>();
    List<ResourceDocument> documents = new ArrayList<>();
    YamlDocuments.Split split = YamlDocuments.split(file, text);
    Duplicates duplicates = new Duplicates(problems);

    for (YamlDocuments.Doc doc : documentsOf(text, split)) {
      DocContext ctx = DocContext.startingAt(file, doc.index(), 1, problems).warningsTo(warnings);
      Optional<YamlMap> root = YamlMap.of(ctx, "", doc.root(), "apiVersion: openslo/v1, kind, metadata and spec");
      if (root.isEmpty()) continue;
      if (SlothTranslator.isSloth(root.get())) {
        translateSloth(file, doc, root.get(), ctx, problems, duplicates, documents);
        continue;
      }
      Optional<String> apiVersion = root.get().string("apiVersion");
      if (apiVersion.isPresent() && !apiVersion.get().equals(OpenSloReader.API_VERSION)) {
        ctx.problem("apiVersion", root.get().lineOf("apiVersion"), "apiVersion must be " + OpenSloReader.API_VERSION
            + " (OpenSLO) or " + SlothTranslator.API_VERSION + " (Sloth), got '" + apiVersion.get() + "'"
            + (apiVersion.get().startsWith("openslo/") ? "; Governor reads OpenSLO v1 only" : ""));
        continue;
      }
      OpenSloReader.Read read = OpenSloReader.read(ctx, root.get());
      if (read.kind().isPresent() && read.name().isPresent()) {
        boolean fresh = duplicates.check(read.kind().get(), read.name().get(), doc.source(), file, doc.index(), read.nameLine());
        if (fresh && read.definition().isPresent() && !ctx.hasProblems()) {
          documents.add(new ResourceDocument(read.kind().get(), read.name().get(), doc.source(), file, doc.index(), doc.line()));
        }
      }
    }
    split.syntaxError().ifPresent(problems::add);
    problems.sort(Comparator.comparingInt(SpecProblem::document).thenComparingInt(SpecProblem::line));
    return new ParsedSpecs(documents, problems, warnings);
  }

  /** The stream's documents, the items of a top-level list of documents each counted as one. */
  private static List<YamlDocuments.Doc> documentsOf(String text, YamlDocuments.Split split) {
    List<YamlDocuments.Doc> docs = new ArrayList<>();
    for (YamlDocuments.Doc doc : split.documents()) {
      List<YamlDocuments.Doc> items = YamlDocuments.items(text, doc);
      if (items.isEmpty()) docs.add(doc);
      else docs.addAll(items);
    }
    return docs;
  }

  private static void translateSloth(String file, YamlDocuments.Doc doc, YamlMap root, DocContext ctx,
      List<SpecProblem> problems, Duplicates duplicates, List<ResourceDocument> documents) {
    String from = "sloth " + file + " document " + doc.index();
    for (SlothTranslator.Generated generated : SlothTranslator.translate(root, from)) {
      // Read the generated OpenSLO back as the resolver will: what is stored must parse alone.
      DocContext generatedCtx = DocContext.generatedAt(file, doc.index(), doc.line(), problems);
      Optional<OpenSloReader.Read> read = readAlone(file, generated.yaml(), generatedCtx);
      if (read.isEmpty() || read.get().definition().isEmpty()) {
        generatedCtx.problem("", doc.line(), "Governor could not read its own translation of this Sloth spec; please report this");
        continue;
      }
      if (duplicates.check(generated.kind(), generated.name(), generated.yaml(), file, doc.index(), doc.line())) {
        documents.add(new ResourceDocument(generated.kind(), generated.name(), generated.yaml(), file, doc.index(), doc.line()));
      }
    }
  }

  /** Reads {@code source}, which must be one OpenSLO document, through {@code ctx}. */
  static Optional<OpenSloReader.Read> readAlone(String file, String source, DocContext ctx) {
    YamlDocuments.Split split = YamlDocuments.split(file, source);
    if (split.syntaxError().isPresent() || split.documents().size() != 1) return Optional.empty();
    return YamlMap.of(ctx, "", split.documents().get(0).root(), "an OpenSLO document")
        .map(root -> OpenSloReader.read(ctx, root));
  }

  /**
   * The kinds and names seen so far in the file. A repeat with the very same text is dropped
   * silently (two Sloth specs of one service both make its Service); any other repeat is a problem.
   */
  private static final class Duplicates {
    private record Key(ResourceKind kind, String name) {}

    private record First(String source, int document, int line) {}

    private final Map<Key, First> seen = new HashMap<>();
    private final List<SpecProblem> problems;

    Duplicates(List<SpecProblem> problems) {
      this.problems = problems;
    }

    /** True when this kind and name are new in the file. */
    boolean check(ResourceKind kind, String name, String source, String file, int document, int line) {
      First first = seen.putIfAbsent(new Key(kind, name), new First(source, document, line));
      if (first == null) return true;
      if (!first.source.equals(source)) {
        problems.add(new SpecProblem(file, document, "metadata.name", line, kind.openSloKind() + " '" + name
            + "' is already defined in document " + first.document + " (line " + first.line
            + ") of this file; rename one of them or remove one"));
      }
      return false;
    }
  }
}
