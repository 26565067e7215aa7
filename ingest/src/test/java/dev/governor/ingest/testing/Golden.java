package dev.governor.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden files in {@code src/test/resources/golden}: {@code in-*.yaml} → {@code out-*.txt}. Run
 * with {@code -Dgolden.update=true} to write the expected files from what the code does now, then
 * read the diff before committing it.
 */
public final class Golden {

  public static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  public static List<Path> inputs(String glob) {
    return inputs(DIR, glob);
  }

  /** The inputs in another folder of golden files, such as {@code src/test/resources/alerting}. */
  public static List<Path> inputs(Path dir, String glob) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares {@code actual} with the expected file for {@code input}, or writes it when updating. */
  public static void check(Path input, String actual) {
    check(DIR, input, actual);
  }

  /** {@link #check(Path, String)} for golden files in {@code dir}. */
  public static void check(Path dir, Path input, String actual) {
    String name = input.getFileName().toString().replaceFirst("^in-", "out-").replaceFirst("\\.[a-z]+$", ".txt");
    Path expected = dir.resolve(name);
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
