package dev.governor.delivery;

import java.util.Locale;

/** How a deployment ended, or that it has not ended yet. */
public enum DeploymentOutcome {
  IN_PROGRESS,
  SUCCEEDED,
  FAILED,
  ROLLED_BACK;

  /** The API spelling: {@code in_progress}, {@code succeeded}, {@code failed}, {@code rolled_back}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeploymentOutcome fromWire(String text) {
    String normalised = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (DeploymentOutcome outcome : values()) {
      if (outcome.name().equals(normalised)) return outcome;
    }
    throw new IllegalArgumentException(
        "an outcome is one of in_progress, succeeded, failed, rolled_back, got '" + text + "'");
  }

  public boolean isFinished() {
    return this != IN_PROGRESS;
  }
}
