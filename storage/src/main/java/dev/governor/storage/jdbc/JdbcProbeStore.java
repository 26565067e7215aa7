package dev.governor.storage.jdbc;

import dev.governor.probe.ProbeStore;
import dev.governor.probe.StoredProbe;
import java.util.List;

/** Applied Probe documents, one row per name. */
final class JdbcProbeStore implements ProbeStore {

  private final NamedDocumentTable table;

  JdbcProbeStore(Connections db) {
    this.table = new NamedDocumentTable(db, "probe", "probes");
  }

  @Override
  public void apply(List<StoredProbe> probes) {
    table.apply(probes.stream().map(p -> new NamedDocumentTable.Row(p.name(), p.source(), p.appliedAt())).toList());
  }

  @Override
  public boolean delete(String name) {
    return table.delete(name);
  }

  @Override
  public List<StoredProbe> all() {
    return table.all().stream().map(r -> new StoredProbe(r.name(), r.source(), r.appliedAt())).toList();
  }
}
