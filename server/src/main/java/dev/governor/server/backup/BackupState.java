package dev.governor.server.backup;

import dev.governor.basics.SloName;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.DeploymentStore;
import dev.governor.incident.Incident;
import dev.governor.incident.IncidentQuery;
import dev.governor.incident.IncidentStore;
import dev.governor.oncall.OnCallSnapshot;
import dev.governor.slo.Catalog;
import dev.governor.slo.ObjectiveStatus;
import dev.governor.slo.Slo;
import dev.governor.slo.SloStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What Governor said at the moment of a backup, in lines a person can read and a drill can compare:
 * each objective's window counts, the open incidents, the latest deployments and who is on call.
 *
 * <p>A backup reads it from its own snapshot with the statuses of {@code History} (sums of the
 * stored minutes); a drill reads it from the restored database with the statuses of a freshly
 * loaded engine (running sums built from the rollups). Equal lines prove that the restore brought
 * back what the engine needs, not only the same bytes.
 *
 * @param slos one line per objective, by SLO name: its good and total counts over the window,
 *     good units and whether it has data
 * @param incidents the open incidents, by number: state, severity and title
 * @param deployments the latest deployments (at most {@link #DEPLOYMENTS}), newest first
 * @param onCall who is on call on each schedule at that moment, by schedule name
 */
public record BackupState(List<String> slos, List<String> incidents, List<String> deployments, List<String> onCall) {

  /** How many of the latest deployments the state names. */
  static final int DEPLOYMENTS = 100;

  /** How many open incidents the state names at most. */
  static final int INCIDENTS = 1_000;

  public BackupState {
    slos = List.copyOf(slos);
    incidents = List.copyOf(incidents);
    deployments = List.copyOf(deployments);
    onCall = List.copyOf(onCall);
  }

  static BackupState read(Instant at, Catalog catalog, Function<SloName, Optional<SloStatus>> statuses,
      IncidentStore incidentStore, DeploymentStore deploymentStore, OnCallSnapshot onCallNow) {
    List<String> slos = new ArrayList<>();
    for (Slo slo : catalog.slos().stream().sorted(Comparator.comparing(s -> s.name().value())).toList()) {
      SloStatus status = statuses.apply(slo.name()).orElse(null);
      if (status == null) {
        slos.add(slo.name().value() + " has no status");
        continue;
      }
      for (ObjectiveStatus objective : status.objectives()) {
        slos.add(slo.name().value() + "/" + objective.objective() + " good=" + objective.counts().good()
            + " total=" + objective.counts().total() + " goodUnits=" + objective.goodUnits().toPlainString()
            + (objective.noData() ? " no data" : ""));
      }
    }
    List<String> incidents = incidentStore.read(tx -> tx.incidents(IncidentQuery.open(INCIDENTS))).stream()
        .sorted(Comparator.comparing(Incident::id))
        .map(i -> i.id() + " " + i.state() + " " + i.severity() + " " + i.title())
        .toList();
    List<String> deployments = deploymentStore.list(DeploymentQuery.all(DEPLOYMENTS)).stream()
        .map(BackupState::line)
        .toList();
    List<String> onCall = onCallNow.schedules().values().stream()
        .sorted(Comparator.comparing(s -> s.name().toString()))
        .map(s -> s.name() + " " + s.onCallAt(at).map(Object::toString).orElse("(nobody)"))
        .toList();
    return new BackupState(slos, incidents, deployments, onCall);
  }

  private static String line(Deployment d) {
    return d.id() + " " + d.service().value() + " " + d.environment() + " " + d.version() + " " + d.outcome()
        + d.rolledBackAt().map(r -> " rolled back").orElse("");
  }

  /** The lines that differ from {@code restored}'s, each saying what the backup had and what came back. */
  List<String> differences(BackupState restored) {
    List<String> differences = new ArrayList<>();
    compare("SLO", slos, restored.slos, differences);
    compare("incident", incidents, restored.incidents, differences);
    compare("deployment", deployments, restored.deployments, differences);
    compare("on-call", onCall, restored.onCall, differences);
    return differences;
  }

  private static void compare(String what, List<String> backup, List<String> restored, List<String> differences) {
    for (String line : backup) {
      if (!restored.contains(line)) differences.add(what + " in the backup, not after the restore: " + line);
    }
    for (String line : restored) {
      if (!backup.contains(line)) differences.add(what + " after the restore, not in the backup: " + line);
    }
  }
}
