package dev.governor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.governor.ingest.openslo.CatalogResolver;
import dev.governor.ingest.openslo.ParsedSpecs;
import dev.governor.ingest.openslo.Resolution;
import dev.governor.ingest.openslo.SpecParser;
import dev.governor.slo.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden files in {@code src/test/resources/golden}, as in the ingest module: {@code in-*.yaml}
 * (OpenSLO or Sloth) → {@code out-*.yaml} (the rule file) when every SLO exports, or
 * {@code out-*.txt} (the refusals) when some do not. Run with {@code -Dgolden.update=true} to write
 * the expected files from what the code does now, then read the diff before committing it.
 */
final class Golden {

  static final Path DIR = Path.of("src/test/resources/golden");

  /** The version written into the golden files' sloth_slo_info, so a release changes none of them. */
  static final RulesGenerator GENERATOR = new RulesGenerator("governor-test");

  private Golden() {}

  static List<Path> inputs() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.getFileName().toString().matches("in-.*\\.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rule files the golden inputs give, for promtool to check. */
  static List<Path> ruleFiles() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.getFileName().toString().matches("out-.*\\.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses and resolves a spec file as the CLI does; a golden input must be valid. */
  static Catalog catalog(String name, String text) {
    ParsedSpecs parsed = SpecParser.parse(name, text);
    assertThat(parsed.problems()).as("problems in %s", name).isEmpty();
    return switch (CatalogResolver.resolve(parsed.documents())) {
      case Resolution.Resolved r -> r.catalog();
      case Resolution.Invalid i -> throw new AssertionError("cannot resolve " + name + ": " + i.problems());
    };
  }

  /** Compares {@code actual} with the expected file, or writes it when updating. */
  static void check(Path input, String extension, String actual) {
    String name = input.getFileName().toString().replaceFirst("^in-", "out-").replaceFirst("\\.yaml$", extension);
    Path expected = DIR.resolve(name);
    if (Boolean.getBoolean("golden.update") || !Files.exists(expected)) {
      try {
        Files.writeString(expected, actual, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertThat(Boolean.getBoolean("golden.update"))
          .as("wrote missing golden file %s; review it and run again", expected)
          .isTrue();
    }
    assertThat(actual).as("golden file %s", expected).isEqualTo(read(expected));
  }
}
