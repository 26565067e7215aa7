package dev.governor.ingest.alerting;

/**
 * One thing wrong with an alert or webhook payload: the path of the field ({@code alerts[2].startsAt}; empty
 * for the payload as a whole) and a sentence that says what is wrong and how to fix it.
 */
public record PayloadProblem(String field, String message) {
  public PayloadProblem {
    if (field == null) throw new IllegalArgumentException("a problem names its field, or \"\" for the whole payload");
    if (message == null || message.isBlank()) throw new IllegalArgumentException("a problem needs a message");
  }
}
