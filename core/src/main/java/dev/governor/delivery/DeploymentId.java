package dev.governor.delivery;

import java.util.regex.Pattern;

/**
 * The id of a deployment, chosen by whoever records it (a pipeline run id, a GitHub deployment
 * id). Recording the same id twice is applied once, so the id is also the idempotency key.
 */
public record DeploymentId(String value) implements Comparable<DeploymentId> {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}");

  public DeploymentId {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a deployment id must be 1-200 letters, digits, '.', '_', ':', '@', '+' or '-', starting"
              + " with a letter or digit, got '" + value + "'");
    }
  }

  public static DeploymentId of(String value) {
    return new DeploymentId(value);
  }

  @Override
  public int compareTo(DeploymentId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
