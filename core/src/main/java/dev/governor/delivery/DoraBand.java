package dev.governor.delivery;

/**
 * The DORA performance cluster a value falls in (thresholds in {@link Dora} and docs/dora.md).
 * {@code NO_DATA} when there was nothing to measure; {@code NOT_BANDED} for a metric DORA publishes
 * no clusters for.
 */
public enum DoraBand {
  ELITE,
  HIGH,
  MEDIUM,
  LOW,
  NO_DATA,
  NOT_BANDED
}
