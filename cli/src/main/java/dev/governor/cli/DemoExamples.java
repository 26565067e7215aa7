package dev.governor.cli;

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

/**
 * The spec files the demo applies: ./examples and ./examples/demo (the extra SLOs that make the
 * demo look like a busy installation) when they are there, so edits show up on the next run, else
 * the copies the build bundled into the jar, so the demo also works outside a checkout.
 */
final class DemoExamples {

  private DemoExamples() {}

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
