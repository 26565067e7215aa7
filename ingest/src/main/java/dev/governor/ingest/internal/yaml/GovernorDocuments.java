package dev.governor.ingest.internal.yaml;

import dev.governor.basics.Names;
import dev.governor.slo.SpecProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What every {@code apiVersion: governor.dev/v1} reader does alike: split the text into documents,
 * check each one's apiVersion, kind and metadata.name, refuse a name defined twice in one file, and
 * report every problem with its document and line. The reader of each kind only reads its spec.
 */
public final class GovernorDocuments {

  public static final String API_VERSION = "governor.dev/v1";

  private GovernorDocuments() {}

  /** One document read: what it became, its own text (what is stored), and where it was. */
  public record Read<T>(T value, String source, int document, int line) {}

  /** The documents read and every problem found, ordered by document and line. */
  public record Parsed<T>(List<Read<T>> documents, List<SpecProblem> problems) {
    public Parsed {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Reads every document of {@code text} with {@code read}, which gets the document's name (once
   * apiVersion, kind and metadata.name are good) and its spec; {@code what} names the kind in
   * messages ("policy", "capacity signal") and {@code example} is a name to suggest.
   */
  public static <T> Parsed<T> parse(String file, String text, String kind, String what, String example,
      String specExample, BiFunction<DocContext, Named, Optional<T>> read, Function<T, String> nameOf) {
    List<SpecProblem> problems = new ArrayList<>();
    List<Read<T>> documents = new ArrayList<>();
    YamlDocuments.Split split = YamlDocuments.split(file, text);
    Set<String> names = new HashSet<>();
    for (YamlDocuments.Doc doc : split.documents()) {
      DocContext ctx = DocContext.startingAt(file, doc.index(), 1, problems);
      Optional<YamlMap> root = YamlMap.of(ctx, "", doc.root(), "apiVersion: " + API_VERSION + ", kind, metadata and spec");
      if (root.isEmpty()) continue;
      Optional<T> value = header(ctx, root.get(), kind, example, specExample).flatMap(named -> read.apply(ctx, named));
      if (value.isPresent() && !ctx.hasProblems()) {
        String name = nameOf.apply(value.get());
        if (!names.add(name)) {
          ctx.problem("metadata.name", doc.line(), what + " '" + name + "' is defined twice in this file; keep one");
          continue;
        }
        documents.add(new Read<>(value.get(), doc.source(), doc.index(), doc.line()));
      }
    }
    split.syntaxError().ifPresent(problems::add);
    problems.sort(Comparator.comparingInt(SpecProblem::document).thenComparingInt(SpecProblem::line));
    return new Parsed<>(documents, problems);
  }

  /** A document's name, when it has a good one, and its spec. */
  public record Named(Optional<String> name, YamlMap spec) {}

  /**
   * Checks apiVersion, kind and metadata (name, and only displayName, labels and annotations
   * besides); empty when there is no spec to read. A bad name is a problem and an empty name, so
   * that the spec is still read and its problems reported too.
   */
  static Optional<Named> header(DocContext ctx, YamlMap root, String kind, String example, String specExample) {
    Optional<String> apiVersion = root.requiredString("apiVersion", API_VERSION);
    if (apiVersion.isPresent() && !apiVersion.get().equals(API_VERSION)) {
      ctx.problem("apiVersion", root.lineOf("apiVersion"), "apiVersion must be " + API_VERSION + ", got '" + apiVersion.get() + "'");
    }
    Optional<String> actual = root.requiredString("kind", kind);
    if (actual.isPresent() && !actual.get().equals(kind)) {
      ctx.problem("kind", root.lineOf("kind"), "kind must be " + kind + ", got '" + actual.get() + "'");
    }
    Optional<String> name = root.requiredMap("metadata", "name: " + example).flatMap(meta -> {
      Optional<String> n = meta.requiredString("name", example);
      meta.allow(List.of("displayName", "labels", "annotations"));
      meta.rejectUnknownKeys();
      if (n.isPresent() && !Names.isValid(n.get())) {
        ctx.problem("metadata.name", meta.lineOf("name"), "name must be lowercase letters, digits, '-', '_', '.'"
            + " (at most 63), got '" + n.get() + "'");
        return Optional.empty();
      }
      return n;
    });
    Optional<YamlMap> spec = root.requiredMap("spec", specExample);
    root.rejectUnknownKeys();
    return spec.map(s -> new Named(name, s));
  }
}
