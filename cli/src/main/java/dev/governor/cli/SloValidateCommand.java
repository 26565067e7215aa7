package dev.governor.cli;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ResourceDocument;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.slo.Catalog;
import dev.governor.slo.SpecProblem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code governor slo validate}: checks spec files offline with the same parser and resolver the
 * server uses, so a pull request can be checked without a running Governor. The files are resolved
 * together, as the server would resolve them if applied at once: an SLO may name an SLI from
 * another file.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Check SLO spec files offline. Prints each problem as file:line: path: message.",
        "Exits 0 when every file is valid, 1 when any problem was found."
    })
final class SloValidateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "OpenSLO YAML files, directories of them, or - for standard input.")
  List<String> files;

  @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table (default) or json.")
  OutputFormat output;

  @Override
  public Integer call() {
    GovernorCommand root = (GovernorCommand) spec.root().userObject();
    List<SpecFiles.SpecFile> specFiles = SpecFiles.read(files, root.stdin());

    List<SpecProblem> problems = new ArrayList<>();
    List<SpecProblem> warnings = new ArrayList<>();
    List<ResourceDocument> documents = new ArrayList<>();
    for (SpecFiles.SpecFile f : specFiles) {
      var parsed = dev.governor.ingest.openslo.SpecParser.parse(f.name(), f.text());
      problems.addAll(parsed.problems());
      documents.addAll(parsed.documents());
      warnings.addAll(parsed.warnings());
    }
    Catalog catalog = null;
    // References are only worth resolving once every document parsed; otherwise each parse error
    // would also show up as a dangling reference.
    if (problems.isEmpty()) {
      switch (CatalogResolver.resolve(documents)) {
        case Resolution.Resolved r -> {
          catalog = r.catalog();
          // The server refuses these at apply; say so before.
          problems.addAll(dev.governor.server.slo.SpecCatalog.unpullableOffline(catalog, documents));
        }
        case Resolution.Invalid i -> problems.addAll(i.problems());
      }
    }

    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    warnings.forEach(w -> err.println(Problems.specLine(w.file(), w.line(), w.path(), "warning: " + w.message())));
    err.flush();
    if (output == OutputFormat.JSON) {
      ObjectNode json = ApiClient.JSON.createObjectNode();
      json.put("valid", problems.isEmpty());
      ArrayNode names = json.putArray("files");
      specFiles.forEach(f -> names.add(f.name()));
      json.put("documents", documents.size());
      ArrayNode list = json.putArray("problems");
      for (SpecProblem p : problems) {
        list.addObject()
            .put("file", p.file())
            .put("document", p.document())
            .put("path", p.path())
            .put("line", p.line())
            .put("message", p.message());
      }
      out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } else if (problems.isEmpty()) {
      out.println(summary(specFiles.size(), documents.size(), catalog));
    } else {
      problems.forEach(p -> out.println(Problems.specLine(p.file(), p.line(), p.path(), p.message())));
      out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems")
          + " in " + specFiles.size() + (specFiles.size() == 1 ? " file" : " files"));
    }
    out.flush();
    return problems.isEmpty() ? GovernorCommand.OK : GovernorCommand.NO;
  }

  private static String summary(int files, int documents, Catalog catalog) {
    return "valid: " + documents + (documents == 1 ? " document" : " documents") + " in " + files
        + (files == 1 ? " file" : " files") + " (" + catalog.slos().size() + " SLOs, "
        + catalog.indicators().size() + " SLIs, " + catalog.services().size() + " services)";
  }
}
