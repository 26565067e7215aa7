package dev.governor.delivery;

/** What recording a deployment did: stored it, or found the same id already stored. */
public sealed interface RecordResult permits RecordResult.Recorded, RecordResult.AlreadyRecorded {

  Deployment deployment();

  record Recorded(Deployment deployment) implements RecordResult {}

  /** The id was recorded before; {@code deployment} is the stored one, unchanged. */
  record AlreadyRecorded(Deployment deployment) implements RecordResult {}
}
