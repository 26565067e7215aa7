package dev.governor.storage.jdbc;

import dev.governor.slo.CompositeStore;
import java.util.List;

/** Applied CompositeSLO documents, one row per name. */
final class JdbcCompositeStore implements CompositeStore {

  private final NamedDocumentTable table;

  JdbcCompositeStore(Connections db) {
    this.table = new NamedDocumentTable(db, "composite_slo", "composite SLOs");
  }

  @Override
  public void apply(List<StoredComposite> composites) {
    table.apply(composites.stream().map(c -> new NamedDocumentTable.Row(c.name(), c.source(), c.appliedAt())).toList());
  }

  @Override
  public boolean delete(String name) {
    return table.delete(name);
  }

  @Override
  public List<StoredComposite> all() {
    return table.all().stream().map(r -> new StoredComposite(r.name(), r.source(), r.appliedAt())).toList();
  }
}
