package dev.governor.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What a person or service account may do, each role including the ones before it: a viewer reads,
 * a responder also acknowledges, resolves, notes and silences, an editor also applies SLOs,
 * policies and on-call documents and records deployments, an admin also manages accounts, teams,
 * tokens and settings.
 */
public enum Role {
  VIEWER,
  RESPONDER,
  EDITOR,
  ADMIN;

  /** True when this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> ofLabel(String label) {
    for (Role role : values()) if (role.label().equals(label)) return Optional.of(role);
    return Optional.empty();
  }

  /** The same, or an error that lists the roles, for input a person typed. */
  public static Role parse(String label, String what) {
    return ofLabel(label == null ? "" : label.strip().toLowerCase(Locale.ROOT)).orElseThrow(() ->
        new IllegalArgumentException(what + " must be one of viewer, responder, editor, admin, got '"
            + dev.governor.text.Quoted.bounded(String.valueOf(label)) + "'"));
  }
}
