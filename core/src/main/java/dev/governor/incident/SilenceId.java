package dev.governor.incident;

import java.util.UUID;

/** A silence's id: a random UUID, as Alertmanager gives its silences. */
public record SilenceId(String value) {

  public SilenceId {
    if (value == null || value.isBlank() || value.length() > 64) {
      throw new IllegalArgumentException("a silence id is 1-64 characters, got '" + value + "'");
    }
  }

  public static SilenceId random() {
    return new SilenceId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
