package dev.governor.storage.jdbc;

import dev.governor.capacity.CapacitySignalStore;
import dev.governor.capacity.StoredCapacitySignal;
import java.util.List;

/** Applied CapacitySignal documents, one row per name. */
final class JdbcCapacitySignalStore implements CapacitySignalStore {

  private final NamedDocumentTable table;

  JdbcCapacitySignalStore(Connections db) {
    this.table = new NamedDocumentTable(db, "capacity_signal", "capacity signals");
  }

  @Override
  public void apply(List<StoredCapacitySignal> signals) {
    table.apply(signals.stream().map(s -> new NamedDocumentTable.Row(s.name(), s.source(), s.appliedAt())).toList());
  }

  @Override
  public boolean delete(String name) {
    return table.delete(name);
  }

  @Override
  public List<StoredCapacitySignal> all() {
    return table.all().stream().map(r -> new StoredCapacitySignal(r.name(), r.source(), r.appliedAt())).toList();
  }
}
