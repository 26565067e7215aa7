package dev.governor.cli;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ResourceDocument;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.prometheus.rules.Export;
import dev.governor.prometheus.rules.RuleFile;
import dev.governor.prometheus.rules.RuleGroup;
import dev.governor.prometheus.rules.RulesGenerator;
import dev.governor.slo.Catalog;
import dev.governor.slo.Slo;
import dev.governor.basics.SloName;
import dev.governor.slo.SpecProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code governor rules prometheus}: reads spec files offline, as {@code slo validate} does, and
 * writes Sloth-compatible Prometheus recording and alerting rules for their SLOs. All or nothing:
 * when one SLO cannot be exported, no file is written, so CI never ships half the rules.
 */
@Command(
    name = "prometheus",
    mixinStandardHelpOptions = true,
    description = {
        "Write Prometheus recording and alerting rules (Sloth-compatible names and labels) for the SLOs"
            + " in OpenSLO or Sloth files whose SLIs are Prometheus queries.",
        "Exits 0 when the rules were written, 1 when a file is invalid or an SLO cannot be exported"
            + " (each reason on stderr, nothing written). Where the rules differ from what Sloth would"
            + " write for a field, a warning naming it goes to stderr."
    })
final class RulesPrometheusCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE",
      description = "OpenSLO or Sloth YAML files, directories of them, or - for standard input.")
  List<String> files;

  @Option(names = {"-o", "--output-file"}, paramLabel = "FILE",
      description = "Write the rules to FILE instead of standard output.")
  Path outputFile;

  @Option(names = "--slo", paramLabel = "NAME",
      description = "Export only this SLO (repeatable); by default every SLO in the files.")
  List<String> only = List.of();

  @Override
  public Integer call() {
    GovernorCommand root = (GovernorCommand) spec.root().userObject();
    PrintWriter err = spec.commandLine().getErr();
    List<SpecProblem> problems = new ArrayList<>();
    List<ResourceDocument> documents = new ArrayList<>();
    for (SpecFiles.SpecFile f : SpecFiles.read(files, root.stdin())) {
      var parsed = SpecParser.parse(f.name(), f.text());
      problems.addAll(parsed.problems());
      documents.addAll(parsed.documents());
    }
    Catalog catalog = null;
    if (problems.isEmpty()) {
      switch (CatalogResolver.resolve(documents)) {
        case Resolution.Resolved r -> catalog = r.catalog();
        case Resolution.Invalid i -> problems.addAll(i.problems());
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println(Problems.specLine(p.file(), p.line(), p.path(), p.message())));
      err.println("governor: no rules written: the files have " + problems.size()
          + (problems.size() == 1 ? " problem" : " problems") + " (governor slo validate shows the same)");
      err.flush();
      return GovernorCommand.NO;
    }

    List<Slo> slos = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    if (only.isEmpty()) {
      slos.addAll(catalog.slos());
    } else {
      for (String name : only) {
        Optional<Slo> slo = dev.governor.basics.Names.isValid(name) ? catalog.slo(new SloName(name)) : Optional.empty();
        slo.ifPresentOrElse(slos::add, () -> reasons.add("there is no SLO named '" + name + "' in the files"));
      }
    }
    if (slos.isEmpty() && reasons.isEmpty()) reasons.add("the files hold no SLO");

    List<RuleGroup> groups = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Export export : RulesGenerator.ofThisBuild().export(slos)) {
      switch (export) {
        case Export.Exported e -> {
          groups.addAll(e.groups());
          warnings.addAll(e.warnings());
        }
        case Export.Refused r -> reasons.add("SLO " + r.slo() + " cannot be exported: " + r.reason());
      }
    }
    // Said even when nothing is written: the rules would differ from Sloth's in these fields.
    warnings.forEach(w -> err.println("governor: warning: " + w));
    err.flush();
    if (!reasons.isEmpty()) {
      reasons.forEach(r -> err.println("governor: " + r));
      err.println("governor: no rules written" + (only.isEmpty() ? "; --slo NAME exports only the SLOs you name" : ""));
      err.flush();
      return GovernorCommand.NO;
    }

    String rules = RuleFile.write(groups);
    PrintWriter out = spec.commandLine().getOut();
    if (outputFile == null) {
      out.print(rules);
    } else {
      try {
        Files.writeString(outputFile, rules, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliFailure("cannot write " + outputFile + ": " + e.getMessage(), e);
      }
      out.println("wrote " + groups.size() + " rule groups for " + slos.size()
          + (slos.size() == 1 ? " SLO" : " SLOs") + " to " + outputFile);
    }
    out.flush();
    return GovernorCommand.OK;
  }
}
