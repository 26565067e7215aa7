package dev.governor.delivery.gate;

/** An applied policy: the document as the user wrote it and stored, and the policy read from it once. */
public record AppliedPolicy(StoredPolicy stored, ErrorBudgetPolicy policy) {

  public AppliedPolicy {
    if (!stored.name().equals(policy.name())) {
      throw new IllegalArgumentException("stored policy '" + stored.name() + "' holds policy '" + policy.name() + "'");
    }
  }

  public String name() {
    return stored.name();
  }
}
