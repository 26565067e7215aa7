package dev.governor.server.export;

import dev.governor.capacity.StoredCapacitySignal;
import dev.governor.delivery.gate.StoredPolicy;
import dev.governor.oncall.OnCallDocument;
import dev.governor.oncall.OnCallKind;
import dev.governor.slo.ResourceKind;
import dev.governor.slo.StoredResource;
import dev.governor.storage.jdbc.Database;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Governor's whole configuration as the YAML documents it was applied from, in files that
 * {@code governor apply} accepts unchanged: {@code openslo.yaml}, {@code policies.yaml},
 * {@code oncall.yaml}, {@code capacity.yaml}, {@code probes.yaml}, {@code status.yaml}, {@code teams.yaml}, {@code composites.yaml} and {@code adjustments.yaml}. Each document is the text that was applied,
 * verbatim (comments included), so applying an export to an empty server and exporting again
 * gives the same bytes. Documents are ordered by kind (what is named before what names it) and
 * then by name, so two exports of the same configuration are identical whatever order it was
 * applied in.
 *
 * <p>Configuration only: incidents, silences, maintenance windows, deployments and SLI history are
 * state, which a backup carries ({@code governor backup create}).
 */
public final class ConfigurationExport {

  /** One applied document. */
  public record Document(String file, String kind, String name, String source) {}

  /** A file of the export: its path in the folder and its text. */
  public record File(String path, String content) {}

  public record Export(List<File> files, List<Document> documents) {}

  /** OpenSLO kinds, each before the kinds that may name it. */
  static final List<ResourceKind> OPENSLO_ORDER = List.of(ResourceKind.ALERT_NOTIFICATION_TARGET,
      ResourceKind.ALERT_CONDITION, ResourceKind.DATA_SOURCE, ResourceKind.SERVICE, ResourceKind.ALERT_POLICY,
      ResourceKind.SLI, ResourceKind.SLO);

  static final List<OnCallKind> ONCALL_ORDER = List.of(OnCallKind.USER, OnCallKind.SCHEDULE, OnCallKind.ESCALATION_POLICY);

  private ConfigurationExport() {}

  public static Export of(Database db) {
    List<Document> documents = new ArrayList<>();
    for (StoredResource r : db.resources().all().stream()
        .sorted(Comparator.comparing((StoredResource r) -> OPENSLO_ORDER.indexOf(r.kind())).thenComparing(StoredResource::name))
        .toList()) {
      documents.add(new Document("openslo.yaml", r.kind().openSloKind(), r.name(), r.source()));
    }
    for (StoredPolicy p : db.policies().all()) {
      documents.add(new Document("policies.yaml", "ErrorBudgetPolicy", p.name(), p.source()));
    }
    for (OnCallDocument d : db.onCall().all().stream()
        .sorted(Comparator.comparing((OnCallDocument d) -> ONCALL_ORDER.indexOf(d.kind())).thenComparing(OnCallDocument::name))
        .toList()) {
      documents.add(new Document("oncall.yaml", d.kind().kind(), d.name(), d.source()));
    }
    for (StoredCapacitySignal s : db.capacitySignals().all()) {
      documents.add(new Document("capacity.yaml", "CapacitySignal", s.name(), s.source()));
    }
    for (dev.governor.probe.StoredProbe p : db.probes().all()) {
      documents.add(new Document("probes.yaml", "Probe", p.name(), p.source()));
    }
    db.status().page().ifPresent(p -> documents.add(new Document("status.yaml", "StatusPage", p.name(), p.source())));
    for (dev.governor.slo.CompositeStore.StoredComposite c : db.composites().all()) {
      documents.add(new Document("composites.yaml", "CompositeSLO", c.name(), c.source()));
    }
    for (dev.governor.adjustment.StoredAdjustment a : db.adjustments().all()) {
      documents.add(new Document("adjustments.yaml", "BudgetAdjustment", a.name(), a.source()));
    }
    for (dev.governor.access.AccessStore.StoredTeam t : db.access().teams()) {
      documents.add(new Document("teams.yaml", "Team", t.name().value(), t.source()));
    }
    List<File> files = new ArrayList<>();
    for (String path : List.of("openslo.yaml", "composites.yaml", "adjustments.yaml", "policies.yaml", "oncall.yaml", "capacity.yaml",
        "probes.yaml", "status.yaml", "teams.yaml")) {
      // A Sloth spec stores its text with every resource it became; it is one document to apply.
      Set<String> sources = new LinkedHashSet<>();
      documents.stream().filter(d -> d.file().equals(path)).forEach(d -> sources.add(d.source()));
      if (!sources.isEmpty()) files.add(new File(path, join(sources)));
    }
    return new Export(List.copyOf(files), List.copyOf(documents));
  }

  /** Documents separated by {@code ---} lines, each ending in a newline. */
  static String join(Iterable<String> sources) {
    StringBuilder text = new StringBuilder();
    for (String source : sources) {
      if (!text.isEmpty()) text.append("---\n");
      text.append(source);
      if (!source.endsWith("\n")) text.append('\n');
    }
    return text.toString();
  }
}
