package dev.governor.slo;

import dev.governor.basics.SliName;
import dev.governor.basics.SloName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Grouped SLOs: one definition with {@code groupBy} labels, one SLO instance per distinct value set
 * in the data. An instance is an SLO like any other, made from its group: its own name, its own SLI
 * series, budget, burn rates, alerts and history. The group itself stays an SLO over all its SLI's
 * events (every instance summed), which shows the whole and never alerts.
 *
 * <p>Names. An instance's name and its SLI's name are the group's with the label values made a
 * readable slug and an 8-hex hash of the exact values, so two value sets never share a name and a
 * name says which values it is: {@code api-availability.api-checkout.3f2a1c9d}.
 */
public final class Groups {

  /** How many instances a grouped SLO makes unless it says otherwise. */
  public static final int DEFAULT_INSTANCE_LIMIT = 1000;

  /** The longest label value an instance takes; a longer one is refused, not cut. */
  public static final int MAX_VALUE_LENGTH = 256;

  private Groups() {}

  /**
   * The instance of {@code group} that events with {@code labels} belong to, as its label values
   * (only the groupBy labels); empty when a groupBy label is missing or too long.
   */
  public static Optional<Map<String, String>> instanceLabels(Slo group, Map<String, String> labels, boolean missingIsEmpty) {
    Map<String, String> picked = new TreeMap<>();
    for (String key : group.groupBy()) {
      String value = labels.get(key);
      if (value == null) {
        if (!missingIsEmpty) return Optional.empty();
        value = "";
      }
      if (value.length() > MAX_VALUE_LENGTH) return Optional.empty();
      picked.put(key, value);
    }
    return Optional.of(picked);
  }

  /** The SLO instance of {@code group} for these label values. */
  public static Slo instance(Slo group, Map<String, String> values) {
    if (!group.isGrouped()) throw new IllegalArgumentException("SLO " + group.name() + " does not group");
    SloInstance which = new SloInstance(group.name(), values);
    Sli sli = group.indicator();
    Sli own = new Sli(instanceSli(sli.name(), which.labels()), sli.displayName(), sli.description(), sli.metric());
    Map<String, String> labels = new HashMap<>(group.labels());
    labels.putAll(which.labels());
    return new Slo(instanceName(group.name(), which.labels()), group.displayName() + " (" + which.text() + ")",
        group.description(), group.service(), own, group.window(), group.budgetingMethod(), group.objectives(),
        group.alertPolicies(), labels, group.annotations(), List.of(), 0, Optional.of(which));
  }

  public static SloName instanceName(SloName group, Map<String, String> values) {
    return new SloName(derived(group.value(), values));
  }

  public static SliName instanceSli(SliName sli, Map<String, String> values) {
    return new SliName(derived(sli.value(), values));
  }

  /** The most instances {@code group} makes. */
  public static int limitOf(Slo group, int defaultLimit) {
    return group.instanceLimit() > 0 ? group.instanceLimit() : defaultLimit;
  }

  private static String derived(String base, Map<String, String> values) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(values).forEach((k, v) -> canonical.append(k).append('\u0000').append(v).append('\u0000'));
    String hash = HexFormat.of().formatHex(sha256(canonical.toString())).substring(0, 8);
    String slug = String.join("-", new TreeMap<>(values).values()).toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    // Room for the base, two dots and the hash within the 253 characters a name may have; the
    // hash keeps a shortened name unique.
    if (base.length() > 253 - 1 - hash.length()) base = base.substring(0, 253 - 1 - hash.length()).replaceAll("[^a-z0-9]+$", "");
    int room = 253 - base.length() - 2 - hash.length();
    if (slug.length() > Math.min(room, 48)) slug = slug.substring(0, Math.max(0, Math.min(room, 48))).replaceAll("-+$", "");
    return slug.isEmpty() ? base + "." + hash : base + "." + slug + "." + hash;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
