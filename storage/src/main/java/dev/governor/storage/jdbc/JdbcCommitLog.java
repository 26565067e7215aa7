package dev.governor.storage.jdbc;

import static dev.governor.storage.jdbc.JdbcDeploymentStore.instant;
import static dev.governor.storage.jdbc.JdbcDeploymentStore.setInstant;

import dev.governor.delivery.CommitLog;
import dev.governor.delivery.MergedPullRequest;
import dev.governor.delivery.PushedCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pushed commits, merged pull requests and applied webhook deliveries. */
final class JdbcCommitLog implements CommitLog {

  private final Connections db;

  JdbcCommitLog(Connections db) {
    this.db = db;
  }

  @Override
  public void recordPush(List<PushedCommit> commits) {
    if (commits.isEmpty()) return;
    try {
      db.write(connection -> {
        insertCommits(connection, commits);
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not record " + commits.size() + " pushed commits", e);
    }
  }

  /** Inserts the commits not known yet; shared with {@link JdbcDeploymentStore#applyDelivery}. */
  static void insertCommits(Connection connection, List<PushedCommit> commits) throws SQLException {
    if (commits.isEmpty()) return;
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO pushed_commit (sha, parent_sha, ref, authored_at, committed_at) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (sha) DO NOTHING")) {
      for (PushedCommit c : commits) {
        insert.setString(1, c.sha());
        if (c.parentSha().isPresent()) insert.setString(2, c.parentSha().get());
        else insert.setNull(2, Types.VARCHAR);
        insert.setString(3, c.ref());
        insert.setLong(4, c.authoredAt().toEpochMilli());
        insert.setLong(5, c.committedAt().toEpochMilli());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public Optional<PushedCommit> commit(String sha) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT sha, parent_sha, ref, authored_at, committed_at FROM pushed_commit WHERE sha = ?")) {
          select.setString(1, sha.toLowerCase(java.util.Locale.ROOT));
          try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) return Optional.<PushedCommit>empty();
            return Optional.of(new PushedCommit(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5))));
          }
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read commit " + sha, e);
    }
  }

  @Override
  public Optional<Instant> firstCommitTime(String ref) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT MIN(committed_at) FROM pushed_commit WHERE ref = ?")) {
          select.setString(1, ref);
          try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? instant(rs, 1) : Optional.<Instant>empty();
          }
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the first commit of " + ref, e);
    }
  }

  @Override
  public void recordPullRequest(MergedPullRequest pr) {
    try {
      db.write(connection -> {
        upsertPullRequest(connection, pr);
        return null;
      });
    } catch (SQLException e) {
      throw new StorageException("could not record pull request #" + pr.number(), e);
    }
  }

  /** Stores or replaces the pull request and its commits; shared with {@link JdbcDeploymentStore#applyDelivery}. */
  static void upsertPullRequest(Connection connection, MergedPullRequest pr) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(
        "INSERT INTO merged_pull_request (merge_commit_sha, number, opened_at, merged_at, first_commit_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (merge_commit_sha) DO UPDATE SET number = excluded.number,"
            + " opened_at = excluded.opened_at, merged_at = excluded.merged_at,"
            + " first_commit_at = excluded.first_commit_at")) {
      upsert.setString(1, pr.mergeCommitSha());
      upsert.setLong(2, pr.number());
      upsert.setLong(3, pr.openedAt().toEpochMilli());
      upsert.setLong(4, pr.mergedAt().toEpochMilli());
      setInstant(upsert, 5, pr.firstCommitAt());
      upsert.executeUpdate();
    }
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM pull_request_commit WHERE merge_commit_sha = ?")) {
      delete.setString(1, pr.mergeCommitSha());
      delete.executeUpdate();
    }
    if (pr.commits().isEmpty()) return;
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO pull_request_commit (merge_commit_sha, position, sha) VALUES (?, ?, ?)")) {
      for (int i = 0; i < pr.commits().size(); i++) {
        insert.setString(1, pr.mergeCommitSha());
        insert.setInt(2, i);
        insert.setString(3, pr.commits().get(i));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public Optional<MergedPullRequest> pullRequestMergedAs(String sha) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT merge_commit_sha, number, opened_at, merged_at, first_commit_at FROM merged_pull_request"
                + " WHERE merge_commit_sha = ?")) {
          select.setString(1, sha.toLowerCase(java.util.Locale.ROOT));
          MergedPullRequest found;
          try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) return Optional.<MergedPullRequest>empty();
            found = new MergedPullRequest(rs.getLong(2), rs.getString(1),
                Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)), instant(rs, 5));
          }
          List<String> commits = new ArrayList<>();
          try (PreparedStatement shas = connection.prepareStatement(
              "SELECT sha FROM pull_request_commit WHERE merge_commit_sha = ? ORDER BY position")) {
            shas.setString(1, found.mergeCommitSha());
            try (ResultSet rs = shas.executeQuery()) {
              while (rs.next()) commits.add(rs.getString(1));
            }
          }
          return Optional.of(new MergedPullRequest(found.number(), found.mergeCommitSha(), found.openedAt(),
              found.mergedAt(), found.firstCommitAt(), commits));
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read the pull request merged as " + sha, e);
    }
  }

  @Override
  public boolean deliveryApplied(String source, String deliveryId) {
    try {
      return db.read(connection -> {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT 1 FROM webhook_delivery WHERE source = ? AND delivery_id = ?")) {
          select.setString(1, source);
          select.setString(2, deliveryId);
          try (ResultSet rs = select.executeQuery()) {
            return rs.next();
          }
        }
      });
    } catch (SQLException e) {
      throw new StorageException("could not read webhook delivery " + source + "/" + deliveryId, e);
    }
  }

  @Override
  public boolean firstDelivery(String source, String deliveryId, Instant receivedAt) {
    try {
      return db.write(connection -> rememberDelivery(connection, source, deliveryId, receivedAt));
    } catch (SQLException e) {
      throw new StorageException("could not record webhook delivery " + source + "/" + deliveryId, e);
    }
  }

  /**
   * Remembers the delivery; false when it was remembered before. In a transaction, a second
   * transaction remembering the same delivery waits for the first and then gets false.
   */
  static boolean rememberDelivery(Connection connection, String source, String deliveryId, Instant receivedAt)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO webhook_delivery (source, delivery_id, received_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (source, delivery_id) DO NOTHING")) {
      insert.setString(1, source);
      insert.setString(2, deliveryId);
      insert.setLong(3, receivedAt.toEpochMilli());
      return insert.executeUpdate() == 1;
    }
  }
}
