package dev.governor.probe;

import java.nio.file.Path;

/**
 * The value of a header an HTTP probe sends. A secret need not be written into the YAML: it comes
 * from the server's environment ({@code ${NAME}} inside the text) or from a file read at every run,
 * so a rotated Kubernetes secret is picked up without applying the probe again.
 */
public sealed interface HeaderValue permits HeaderValue.Text, HeaderValue.FromFile {

  /** Whether the value must never be shown: it comes from the environment or a file, or the header carries credentials. */
  boolean secret();

  /**
   * Text, with {@code ${NAME}} references to the environment resolved when the probe runs.
   *
   * @param secret whether it must be masked where it is shown
   */
  record Text(String template, boolean secret) implements HeaderValue {}

  /** The whole content of a file, without a trailing newline, read at each run. */
  record FromFile(Path path) implements HeaderValue {
    @Override
    public boolean secret() {
      return true;
    }
  }
}
