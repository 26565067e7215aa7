package dev.governor.storage.jdbc;

import dev.governor.delivery.Change;
import dev.governor.delivery.Deployment;
import dev.governor.delivery.DeploymentId;
import dev.governor.delivery.DeploymentOutcome;
import dev.governor.delivery.DeploymentQuery;
import dev.governor.delivery.DeploymentStore;
import dev.governor.delivery.RecordResult;
import dev.governor.delivery.WebhookDelivery;
import dev.governor.slo.ServiceName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Deployments in four tables: the deployment row, its ordered changes, its labels and links, and
 * its incident links. A mutation reads, changes the record in core and writes it back in one
 * transaction, so the rules of {@link Deployment} hold in storage too.
 */
final class JdbcDeploymentStore implements DeploymentStore {

  private static final String COLUMNS = "id, service, environment, version, commit_sha, started_at, finished_at,"
      + " outcome, failed_after_success_at, rolled_back_at, deployment_trigger";

  private final Connections db;

  JdbcDeploymentStore(Connections db) {
    this.db = db;
  }

  @Override
  public RecordResult record(Deployment deployment) {
    try {
      return db.write(connection -> {
        Optional<Deployment> existing = load(connection, deployment.id());
        if (existing.isPresent()) return new RecordResult.AlreadyRecorded(existing.get());
        insert(connection, deployment);
        return new RecordResult.Recorded(deployment);
      });
    } catch (SQLException e) {
      throw new StorageException("could not record deployment " + deployment.id(), e);
    }
  }

  @Override
  public WebhookDelivery.Result applyDelivery(WebhookDelivery delivery) {
    try {
      return db.write(connection -> {
        // First, so that of two requests applying one delivery at once, the second waits here for
        // the first and then stores nothing.
        if (!JdbcCommitLog.rememberDelivery(connection, delivery.source(), delivery.id(), delivery.receivedAt())) {
          return new WebhookDelivery.Result.Duplicate();
        }
        JdbcCommitLog.insertCommits(connection, delivery.commits());
        if (delivery.pullRequest().isPresent()) JdbcCommitLog.upsertPullRequest(connection, delivery.pullRequest().get());
        List<WebhookDelivery.DeploymentApplied> applied = new ArrayList<>();
        for (Deployment reported : delivery.deployments()) {
          Optional<Deployment> stored = load(connection, reported.id());
          WebhookDelivery.DeploymentApplied result = WebhookDelivery.merge(stored, reported);
          if (!(result instanceof WebhookDelivery.DeploymentApplied.Kept)) {
            if (stored.isPresent()) delete(connection, reported.id());
            insert(connection, result.deployment());
          }
          applied.add(result);
        }
        return new WebhookDelivery.Result.Applied(applied);
      });
    } catch (SQLException e) {
      throw new StorageException("could not apply webhook delivery " + delivery.source() + "/" + delivery.id(), e);
    }
  }

  @Override
  public Optional<Deployment> get(DeploymentId id) {
    try {
      return db.read(connection -> load(connection, id));
    } catch (SQLException e) {
      throw new StorageException("could not read deployment " + id, e);
    }
  }

  @Override
  public List<Deployment> list(DeploymentQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM deployment WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (!query.services().isEmpty()) {
      sql.append(" AND service IN (");
      List<ServiceName> services = query.services().stream().sorted().toList();
      for (int i = 0; i < services.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        parameters.add(services.get(i).value());
      }
      sql.append(")");
    }
    query.environment().ifPresent(e -> {
      sql.append(" AND environment = ?");
      parameters.add(e);
    });
    query.startedWithin().ifPresent(range -> {
      sql.append(" AND started_at >= ? AND started_at < ?");
      parameters.add(range.start().toEpochMilli());
      parameters.add(range.end().toEpochMilli());
    });
    sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
    parameters.add(query.limit());
    try {
      return db.read(connection -> {
        List<Deployment> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
          for (int i = 0; i < parameters.size(); i++) select.setObject(i + 1, parameters.get(i));
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) rows.add(row(rs));
          }
        }
        List<Deployment> full = new ArrayList<>(rows.size());
        for (Deployment row : rows) full.add(withDetails(connection, row));
        return full;
      });
    } catch (SQLException e) {
      throw new StorageException("could not list deployments", e);
    }
  }

  @Override
  public Optional<Deployment> updateOutcome(DeploymentId id, DeploymentOutcome outcome, Optional<Instant> finishedAt) {
    return update(id, d -> d.withOutcome(outcome, d.finishedAt().isPresent() ? Optional.empty() : finishedAt));
  }

  @Override
  public Optional<Deployment> markFailedAfterSuccess(DeploymentId id, Instant at) {
    return update(id, d -> d.withFailedAfterSuccess(at));
  }

  @Override
  public Optional<Deployment> markRolledBack(DeploymentId id, Instant at) {
    return update(id, d -> d.withRolledBack(at));
  }

  @Override
  public Optional<Deployment> linkIncident(DeploymentId id, String incidentId) {
    return update(id, d -> d.withIncident(incidentId));
  }

  @Override
  public Optional<Deployment> unlinkIncident(DeploymentId id, String incidentId) {
    return update(id, d -> d.withoutIncident(incidentId));
  }

  @Override
  public Optional<Deployment> replaceChanges(DeploymentId id, List<Change> changes) {
    return update(id, d -> d.withChanges(changes));
  }

  private Optional<Deployment> update(DeploymentId id, UnaryOperator<Deployment> change) {
    try {
      return db.write(connection -> {
        Optional<Deployment> existing = load(connection, id);
        if (existing.isEmpty()) return Optional.<Deployment>empty();
        Deployment updated = change.apply(existing.get());
        delete(connection, id);
        insert(connection, updated);
        return Optional.of(updated);
      });
    } catch (SQLException e) {
      throw new StorageException("could not update deployment " + id, e);
    }
  }

  private static void delete(Connection connection, DeploymentId id) throws SQLException {
    for (String table : List.of("deployment_change", "deployment_attribute", "deployment_incident", "deployment")) {
      String column = table.equals("deployment") ? "id" : "deployment_id";
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
        delete.setString(1, id.value());
        delete.executeUpdate();
      }
    }
  }

  private static void insert(Connection connection, Deployment d) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO deployment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, d.id().value());
      insert.setString(2, d.service().value());
      insert.setString(3, d.environment());
      insert.setString(4, d.version());
      insert.setString(5, d.commitSha());
      insert.setLong(6, d.startedAt().toEpochMilli());
      setInstant(insert, 7, d.finishedAt());
      insert.setString(8, d.outcome().wireName());
      setInstant(insert, 9, d.failedAfterSuccessAt());
      setInstant(insert, 10, d.rolledBackAt());
      insert.setString(11, d.trigger());
      insert.executeUpdate();
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO deployment_change (deployment_id, position, kind, sha, pr_number, authored_at, committed_at,"
            + " opened_at, merged_at, first_commit_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (Change change : d.changes()) {
        insert.setString(1, d.id().value());
        insert.setInt(2, position++);
        switch (change) {
          case Change.Commit c -> {
            insert.setString(3, "commit");
            insert.setString(4, c.sha());
            insert.setNull(5, Types.BIGINT);
            insert.setLong(6, c.authoredAt().toEpochMilli());
            insert.setLong(7, c.committedAt().toEpochMilli());
            insert.setNull(8, Types.BIGINT);
            insert.setNull(9, Types.BIGINT);
            insert.setNull(10, Types.BIGINT);
          }
          case Change.PullRequest p -> {
            insert.setString(3, "pull_request");
            insert.setNull(4, Types.VARCHAR);
            insert.setLong(5, p.number());
            insert.setNull(6, Types.BIGINT);
            insert.setNull(7, Types.BIGINT);
            insert.setLong(8, p.openedAt().toEpochMilli());
            setInstant(insert, 9, p.mergedAt());
            setInstant(insert, 10, p.firstCommitAt());
          }
        }
        insert.addBatch();
      }
      if (!d.changes().isEmpty()) insert.executeBatch();
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO deployment_attribute (deployment_id, kind, name, value) VALUES (?, ?, ?, ?)")) {
      int rows = 0;
      for (var kind : Map.of("label", d.labels(), "link", d.links()).entrySet()) {
        for (var entry : kind.getValue().entrySet()) {
          insert.setString(1, d.id().value());
          insert.setString(2, kind.getKey());
          insert.setString(3, entry.getKey());
          insert.setString(4, entry.getValue());
          insert.addBatch();
          rows++;
        }
      }
      if (rows > 0) insert.executeBatch();
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO deployment_incident (deployment_id, incident_id, position) VALUES (?, ?, ?)")) {
      int position = 0;
      for (String incident : d.incidentIds()) {
        insert.setString(1, d.id().value());
        insert.setString(2, incident);
        insert.setInt(3, position++);
        insert.addBatch();
      }
      if (!d.incidentIds().isEmpty()) insert.executeBatch();
    }
  }

  private static Optional<Deployment> load(Connection connection, DeploymentId id) throws SQLException {
    Deployment row;
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM deployment WHERE id = ?")) {
      select.setString(1, id.value());
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        row = row(rs);
      }
    }
    return Optional.of(withDetails(connection, row));
  }

  private static Deployment withDetails(Connection connection, Deployment row) throws SQLException {
    List<Change> changes = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT kind, sha, pr_number, authored_at, committed_at, opened_at, merged_at, first_commit_at"
            + " FROM deployment_change WHERE deployment_id = ? ORDER BY position")) {
      select.setString(1, row.id().value());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equals("commit")) {
            changes.add(new Change.Commit(rs.getString(2), instant(rs, 4).orElseThrow(), instant(rs, 5).orElseThrow()));
          } else {
            changes.add(new Change.PullRequest(rs.getLong(3), instant(rs, 6).orElseThrow(), instant(rs, 7),
                instant(rs, 8)));
          }
        }
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> links = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT kind, name, value FROM deployment_attribute WHERE deployment_id = ?")) {
      select.setString(1, row.id().value());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) (rs.getString(1).equals("label") ? labels : links).put(rs.getString(2), rs.getString(3));
      }
    }
    List<String> incidents = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT incident_id FROM deployment_incident WHERE deployment_id = ? ORDER BY position")) {
      select.setString(1, row.id().value());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) incidents.add(rs.getString(1));
      }
    }
    return new Deployment(row.id(), row.service(), row.environment(), row.version(), row.commitSha(), changes,
        row.startedAt(), row.finishedAt(), row.outcome(), row.failedAfterSuccessAt(), row.rolledBackAt(), incidents,
        row.trigger(), links, labels);
  }

  private static Deployment row(ResultSet rs) throws SQLException {
    return new Deployment(DeploymentId.of(rs.getString(1)), ServiceName.of(rs.getString(2)), rs.getString(3),
        rs.getString(4), rs.getString(5), List.of(), Instant.ofEpochMilli(rs.getLong(6)), instant(rs, 7),
        DeploymentOutcome.fromWire(rs.getString(8)), instant(rs, 9), instant(rs, 10), List.of(), rs.getString(11),
        Map.of(), Map.of());
  }

  static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  static void setInstant(PreparedStatement statement, int index, Optional<Instant> value) throws SQLException {
    if (value.isPresent()) statement.setLong(index, value.get().toEpochMilli());
    else statement.setNull(index, Types.BIGINT);
  }
}
