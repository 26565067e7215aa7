package dev.governor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The spec files named on a command line. A directory stands for its *.yaml and *.yml files in name
 * order, so CI can run {@code governor slo apply slos/}; "-" is standard input.
 */
final class SpecFiles {

  /** One file's name as the user wrote it (for messages) and its text. */
  record SpecFile(String name, String text) {}

  private SpecFiles() {}

  static List<SpecFile> read(List<String> arguments, InputStream stdin) {
    List<SpecFile> files = new ArrayList<>();
    for (String argument : arguments) {
      if (argument.equals("-")) {
        try {
          files.add(new SpecFile("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new CliFailure("cannot read standard input: " + e.getMessage(), e);
        }
        continue;
      }
      Path path = Path.of(argument);
      if (Files.isDirectory(path)) {
        for (Path p : yamlFilesIn(path)) {
          files.add(new SpecFile(p.toString(), readFile(p)));
        }
      } else {
        files.add(new SpecFile(argument, readFile(path)));
      }
    }
    return files;
  }

  static List<Path> yamlFilesIn(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new CliFailure("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  static String readFile(Path path) {
    if (!Files.exists(path)) {
      throw new CliFailure("no such file: " + path.toAbsolutePath());
    }
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliFailure("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
