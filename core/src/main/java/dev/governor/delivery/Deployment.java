package dev.governor.delivery;

import dev.governor.slo.ServiceName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A deployment of one version of a service to one environment, with the changes it carries.
 *
 * <p>{@code failedAfterSuccessAt} is set when a deployment that succeeded is later found to have
 * broken production; {@code rolledBackAt} when it was rolled back; {@code incidentIds} links the
 * incidents it caused (filled by the incident feature). Any of these, or a hotfix deployed after it,
 * makes it a failed deployment for DORA (see {@link Dora}).
 *
 * @param trigger who or what started it: a user, a pipeline, {@code github}, {@code gitlab}
 * @param links named URLs (pipeline run, release notes, diff)
 * @param labels free labels; {@code hotfix=true} and {@code rollback=true} have meaning for DORA
 */
public record Deployment(
    DeploymentId id,
    ServiceName service,
    String environment,
    String version,
    String commitSha,
    List<Change> changes,
    Instant startedAt,
    Optional<Instant> finishedAt,
    DeploymentOutcome outcome,
    Optional<Instant> failedAfterSuccessAt,
    Optional<Instant> rolledBackAt,
    List<String> incidentIds,
    String trigger,
    Map<String, String> links,
    Map<String, String> labels) {

  public static final String HOTFIX_LABEL = "hotfix";
  public static final String ROLLBACK_LABEL = "rollback";

  /** The longest version a deployment may carry. */
  public static final int MAX_VERSION = 200;

  private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");

  public Deployment {
    if (!isEnvironment(environment)) {
      throw new IllegalArgumentException(
          "an environment must be 1-100 letters, digits, '.', '_', '/' or '-', got '" + environment + "'");
    }
    if (!isVersion(version)) {
      throw new IllegalArgumentException("a version must be 1-200 characters, got '" + version + "'");
    }
    commitSha = Change.Shas.check(commitSha);
    changes = List.copyOf(changes);
    if (finishedAt.isPresent() && finishedAt.get().isBefore(startedAt)) {
      throw new IllegalArgumentException(
          "deployment " + id + " finishes (" + finishedAt.get() + ") before it starts (" + startedAt + ")");
    }
    if (outcome == DeploymentOutcome.ROLLED_BACK && rolledBackAt.isEmpty()) {
      rolledBackAt = Optional.of(finishedAt.orElse(startedAt));
    }
    incidentIds = List.copyOf(incidentIds);
    trigger = trigger == null || trigger.isBlank() ? "unknown" : trigger;
    links = Map.copyOf(links);
    labels = Map.copyOf(labels);
  }

  /** Whether {@code name} may name an environment: 1-100 letters, digits, '.', '_', '/' or '-', starting with a letter or digit. */
  public static boolean isEnvironment(String name) {
    return name != null && ENVIRONMENT.matcher(name).matches();
  }

  /** Whether {@code version} may be a deployment's version: 1 to {@value #MAX_VERSION} characters, not all blank. */
  public static boolean isVersion(String version) {
    return version != null && !version.isBlank() && version.length() <= MAX_VERSION;
  }

  /** A deployment just started: in progress, nothing else known. */
  public static Deployment started(
      DeploymentId id, ServiceName service, String environment, String version, String commitSha, Instant at) {
    return new Deployment(id, service, environment, version, commitSha, List.of(), at, Optional.empty(),
        DeploymentOutcome.IN_PROGRESS, Optional.empty(), Optional.empty(), List.of(), "unknown", Map.of(), Map.of());
  }

  public boolean isHotfix() {
    return "true".equalsIgnoreCase(labels.getOrDefault(HOTFIX_LABEL, ""));
  }

  /** Unplanned work: a hotfix or a rollback deployment (DORA's deployment rework). */
  public boolean isRework() {
    return isHotfix() || "true".equalsIgnoreCase(labels.getOrDefault(ROLLBACK_LABEL, ""));
  }

  /** When it went live or failed: the finish time, or the start while it is still running. */
  public Instant liveAt() {
    return finishedAt.orElse(startedAt);
  }

  public Deployment withOutcome(DeploymentOutcome newOutcome, Optional<Instant> finished) {
    return new Deployment(id, service, environment, version, commitSha, changes, startedAt,
        finished.or(() -> finishedAt), newOutcome, failedAfterSuccessAt,
        newOutcome == DeploymentOutcome.ROLLED_BACK ? rolledBackAt.or(() -> finished) : rolledBackAt,
        incidentIds, trigger, links, labels);
  }

  public Deployment withFailedAfterSuccess(Instant at) {
    return new Deployment(id, service, environment, version, commitSha, changes, startedAt, finishedAt, outcome,
        Optional.of(at), rolledBackAt, incidentIds, trigger, links, labels);
  }

  public Deployment withRolledBack(Instant at) {
    return new Deployment(id, service, environment, version, commitSha, changes, startedAt,
        finishedAt.or(() -> Optional.of(at)), DeploymentOutcome.ROLLED_BACK, failedAfterSuccessAt,
        Optional.of(at), incidentIds, trigger, links, labels);
  }

  public Deployment withIncident(String incidentId) {
    if (incidentId == null || incidentId.isBlank()) {
      throw new IllegalArgumentException("an incident id must not be blank, got '" + incidentId + "'");
    }
    if (incidentIds.contains(incidentId)) return this;
    var ids = new java.util.ArrayList<>(incidentIds);
    ids.add(incidentId);
    return new Deployment(id, service, environment, version, commitSha, changes, startedAt, finishedAt, outcome,
        failedAfterSuccessAt, rolledBackAt, ids, trigger, links, labels);
  }

  /** Without the link to {@code incidentId}, for a person who knows it was not this deployment. */
  public Deployment withoutIncident(String incidentId) {
    if (!incidentIds.contains(incidentId)) return this;
    var ids = new java.util.ArrayList<>(incidentIds);
    ids.remove(incidentId);
    return new Deployment(id, service, environment, version, commitSha, changes, startedAt, finishedAt, outcome,
        failedAfterSuccessAt, rolledBackAt, ids, trigger, links, labels);
  }

  public Deployment withChanges(List<Change> newChanges) {
    return new Deployment(id, service, environment, version, commitSha, newChanges, startedAt, finishedAt, outcome,
        failedAfterSuccessAt, rolledBackAt, incidentIds, trigger, links, labels);
  }
}
