package dev.governor.alert;

public enum AlertState {
  FIRING, RESOLVED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
