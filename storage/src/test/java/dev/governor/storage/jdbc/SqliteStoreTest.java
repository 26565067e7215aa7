package dev.governor.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.governor.storage.StoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The store contract on a real SQLite file in a temporary directory, plus what is SQLite's own. */
class SqliteStoreTest extends StoreContract {

  private Path dataDir;

  @Nested
  class Buckets extends BucketsContract {}

  @Nested
  class Resources extends ResourcesContract {}

  @Nested
  class Alerts extends AlertsContract {}

  @Nested
  class Deployments extends DeploymentsContract {}

  @Nested
  class Commits extends CommitsContract {}

  @Nested
  class Policies extends PoliciesContract {}

  @Nested
  class CapacitySignals extends CapacitySignalsContract {}

  @Nested
  class Probes extends ProbesContract {}

  @Nested
  class Adjustments extends AdjustmentsContract {}

  @Nested
  class Instances extends InstancesContract {}

  @Nested
  class Composites extends CompositesContract {}

  @Nested
  class ProbeResults extends ProbeResultsContract {}

  @Nested
  class Status extends StatusContract {}

  @Nested
  class Access extends AccessContract {}

  @Nested
  class Sessions extends SessionsContract {}

  @Nested
  class AuditLog extends AuditLogContract {}

  @Nested
  class Audit extends AuditContract {}

  @Nested
  class Hooks extends HooksContract {}

  @Nested
  class Notifications extends NotificationsContract {}

  @Nested
  class OnCall extends OnCallContract {}

  @Nested
  class Incidents extends IncidentsContract {}

  @Override
  protected void createEmptyDatabase() throws IOException {
    dataDir = Files.createTempDirectory("governor-sqlite-test");
  }

  @Override
  protected Database open() {
    return Database.sqlite(dataDir.resolve("data"));
  }

  @Override
  protected void dropDatabase() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
    }
  }

  @Test
  void sqlite_createsTheDataDirectoryAndGovernorDbInIt() {
    assertThat(dataDir.resolve("data/governor.db")).isRegularFile();
    assertThat(db.dialect()).isEqualTo("sqlite");
  }

  @Test
  void open_ofAFileUrl_usesThatFile() {
    Path file = dataDir.resolve("elsewhere.db");
    try (Database other = Database.open("jdbc:sqlite:" + file)) {
      assertThat(other.dialect()).isEqualTo("sqlite");
      assertThat(other.isHealthy()).isTrue();
    }
    assertThat(file).isRegularFile();
  }

  @Test
  void theFile_isInWalMode_andTheBucketTableIsStrictWithoutRowid() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("data/governor.db"));
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("wal");
      }
      try (ResultSet rs = statement.executeQuery(
          "SELECT wr, strict FROM pragma_table_list WHERE name = 'bucket'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt("wr")).as("WITHOUT ROWID").isEqualTo(1);
        assertThat(rs.getInt("strict")).as("STRICT").isEqualTo(1);
      }
    }
  }

  @Test
  void open_ofAnInMemoryDatabase_throws_becauseEachConnectionWouldSeeAnotherOne() {
    assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:sqlite::memory:");
  }

  @Test
  void open_ofAnotherDatabase_throws_andDoesNotEchoThePassword() {
    assertThatThrownBy(() -> Database.open("jdbc:mysql://db/governor?password=secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://db/governor")
        .hasMessageNotContaining("secret");
  }
}
