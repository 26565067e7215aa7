package dev.governor.cli;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.slo.MetricSource;
import dev.governor.slo.Slo;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The spec files the demo applies: ./examples and ./examples/demo (the extra SLOs that make the
 * demo look like a busy installation) when they are there, so edits show up on the next run, else
 * the copies the build bundled into the jar, so the demo also works outside a checkout.
 */
final class DemoExamples {

  private DemoExamples() {}

  /** The files the demo applies, and those it leaves out with the reason. */
  record Selection(List<SpecFiles.SpecFile> feedable, List<String> skipped, String reason) {}

  /**
   * Keeps the files whose SLOs all read Governor-fed SLIs: the demo simulates traffic only for
   * those, so an SLO that reads Prometheus (which the demo does not run) would sit at "no data"
   * for ever. A whole file goes, not single documents, because its documents refer to each other
   * (an SLO to its DataSource). A file that does not parse is kept: applying it reports why.
   */
  static Selection feedable(List<SpecFiles.SpecFile> files) {
    List<SpecFiles.SpecFile> kept = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    TreeSet<String> sources = new TreeSet<>();
    for (SpecFiles.SpecFile f : files) {
      TreeSet<String> foreign = foreignSources(f);
      if (foreign.isEmpty()) {
        kept.add(f);
      } else {
        skipped.add(f.name());
        sources.addAll(foreign);
      }
    }
    return new Selection(kept, skipped, "their SLIs read " + String.join(" and ", sources)
        + ", which the demo does not run, so they would never get data");
  }

  /** The metric source types other than Governor that the file's SLOs read. */
  private static TreeSet<String> foreignSources(SpecFiles.SpecFile file) {
    TreeSet<String> types = new TreeSet<>();
    ParsedSpecs parsed = SpecParser.parse(file.name(), file.text());
    if (!parsed.isValid()) return types;
    if (CatalogResolver.resolve(parsed.documents()) instanceof Resolution.Resolved(var catalog)) {
      for (Slo slo : catalog.slos()) {
        // Probes are run by the server itself, so the demo feeds those SLIs too (it serves the site they probe).
        slo.indicator().metric().sources().stream().filter(s -> !s.isPushedToGovernor() && !isProbe(s))
            .map(MetricSource::type).forEach(types::add);
      }
    }
    return types;
  }

  static boolean isProbe(MetricSource source) {
    return source.type().equalsIgnoreCase("Probe");
  }

  static List<SpecFiles.SpecFile> find(Path dir) {
    if (Files.isDirectory(dir)) {
      List<Path> files = new ArrayList<>(SpecFiles.yamlFilesIn(dir));
      if (Files.isDirectory(dir.resolve("demo"))) files.addAll(SpecFiles.yamlFilesIn(dir.resolve("demo")));
      if (!files.isEmpty()) {
        return files.stream().map(p -> new SpecFiles.SpecFile(p.toString(), SpecFiles.readFile(p))).toList();
      }
    }
    return bundled();
  }

  /**
   * The error-budget policies the demo applies, so that {@code governor gate check} has something
   * to judge by: ./examples/policies, else the copies bundled into the jar.
   */
  static List<SpecFiles.SpecFile> policies(Path dir) {
    return subfolder(dir, "policies");
  }

  /** The capacity signals of examples/capacity, or the copies bundled in the jar. */
  static List<SpecFiles.SpecFile> capacity(Path dir) {
    return subfolder(dir, "capacity");
  }

  /** The status page of examples/status, or the copy bundled in the jar. */
  static List<SpecFiles.SpecFile> status(Path dir) {
    return subfolder(dir, "status");
  }

  /** The composite SLOs of examples/composites, or the copies bundled in the jar. */
  static List<SpecFiles.SpecFile> composites(Path dir) {
    return subfolder(dir, "composites");
  }

  /** The budget adjustments of examples/adjustments, or the copies bundled in the jar. */
  static List<SpecFiles.SpecFile> adjustments(Path dir) {
    return subfolder(dir, "adjustments");
  }

  /** The probes of examples/probes, or the copies bundled in the jar. */
  static List<SpecFiles.SpecFile> probes(Path dir) {
    return subfolder(dir, "probes");
  }

  private static List<SpecFiles.SpecFile> subfolder(Path dir, String name) {
    Path policies = dir.resolve(name);
    if (Files.isDirectory(policies)) {
      List<Path> files = SpecFiles.yamlFilesIn(policies);
      if (!files.isEmpty()) {
        return files.stream().map(p -> new SpecFiles.SpecFile(p.toString(), SpecFiles.readFile(p))).toList();
      }
    }
    URL url = DemoExamples.class.getResource("examples/" + name);
    if (url == null) {
      return List.of();
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          // Opened by an earlier call; Path.of finds it.
        }
      }
      List<SpecFiles.SpecFile> files = new ArrayList<>();
      for (Path p : SpecFiles.yamlFilesIn(Path.of(uri))) {
        files.add(new SpecFiles.SpecFile("(bundled) " + name + "/" + p.getFileName(), Files.readString(p)));
      }
      return files;
    } catch (URISyntaxException | IOException e) {
      throw new CliFailure("cannot read the " + name + " examples bundled in the jar: " + e.getMessage(), e);
    }
  }

  static List<SpecFiles.SpecFile> bundled() {
    URL url = DemoExamples.class.getResource("examples");
    if (url == null) {
      return List.of();
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        // A zip file system must exist before Path.of can name an entry of the jar.
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          // Opened by an earlier call; Path.of finds it.
        }
      }
      Path dir = Path.of(uri);
      List<SpecFiles.SpecFile> files = new ArrayList<>();
      for (Path p : SpecFiles.yamlFilesIn(dir)) {
        files.add(new SpecFiles.SpecFile("(bundled) " + p.getFileName(), Files.readString(p)));
      }
      if (Files.isDirectory(dir.resolve("demo"))) {
        for (Path p : SpecFiles.yamlFilesIn(dir.resolve("demo"))) {
          files.add(new SpecFiles.SpecFile("(bundled) demo/" + p.getFileName(), Files.readString(p)));
        }
      }
      return files;
    } catch (URISyntaxException | IOException e) {
      throw new CliFailure("cannot read the examples bundled in the jar: " + e.getMessage(), e);
    }
  }
}
