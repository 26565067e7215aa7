package dev.governor.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root, for tests that need examples/ or the launcher script. */
final class Repository {

  private Repository() {}

  static Path root() {
    // Failsafe passes it; under an IDE or Surefire the working directory is the cli module.
    String configured = System.getProperty("governor.repository");
    Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("governor"))) {
      throw new IllegalStateException("not the repository root (no ./governor): " + root);
    }
    return root;
  }
}
