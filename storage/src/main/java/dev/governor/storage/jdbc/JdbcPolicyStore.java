package dev.governor.storage.jdbc;

import dev.governor.delivery.gate.PolicyStore;
import dev.governor.delivery.gate.StoredPolicy;
import java.util.List;

/** Applied error-budget policy documents, one row per name. */
final class JdbcPolicyStore implements PolicyStore {

  private final NamedDocumentTable table;

  JdbcPolicyStore(Connections db) {
    this.table = new NamedDocumentTable(db, "budget_policy", "policies");
  }

  @Override
  public void apply(List<StoredPolicy> policies) {
    table.apply(policies.stream().map(p -> new NamedDocumentTable.Row(p.name(), p.source(), p.appliedAt())).toList());
  }

  @Override
  public boolean delete(String name) {
    return table.delete(name);
  }

  @Override
  public List<StoredPolicy> all() {
    return table.all().stream().map(r -> new StoredPolicy(r.name(), r.source(), r.appliedAt())).toList();
  }
}
