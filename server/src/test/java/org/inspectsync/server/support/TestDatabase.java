package org.inspectsync.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.inspectsync.server.db.DatabaseSettings;
import org.inspectsync.server.db.EmbeddedDatabase;
import org.inspectsync.server.db.Migrations;

/**
 * One real PostgreSQL database per test JVM: a fresh database on the PostgreSQL at
 * {@code INSPECTSYNC_TEST_PG} (default 127.0.0.1:5432, user postgres) when it answers, otherwise
 * an embedded PostgreSQL under {@code target/}. Migrations are applied once; {@link #reset()}
 * empties the tables between cases.
 */
public final class TestDatabase {

  private static DatabaseSettings settings;

  private TestDatabase() {
  }

  public static synchronized DatabaseSettings settings() {
    if (settings == null) {
      settings = create();
      Migrations.apply(settings);
    }
    return settings;
  }

  /** Empties every table, keeping the schema. */
  public static void reset() {
    execute("""
        TRUNCATE evidence_files, evidence_uploads, evidence_usage, assignment_receipts, audit_log, recusals, draws, refresh_tokens, login_failures, parked_mutations, notice_number_blocks, notice_number_counters, conflicts, mutation_outcomes, devices, market_check_items, hazard_findings, rectification_notices,
                 market_checks, assignments, business_entities, users, org_units, calendar_days;
        UPDATE deadline_rule SET counting = 'calendar'
        """);
  }

  public static void execute(String sql) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static Connection connect() throws SQLException {
    DatabaseSettings db = settings();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static DatabaseSettings create() {
    String server = System.getenv().getOrDefault("INSPECTSYNC_TEST_PG", "127.0.0.1:5432");
    String[] hostPort = server.split(":");
    DatabaseSettings admin = new DatabaseSettings(hostPort[0], Integer.parseInt(hostPort[1]), "postgres", "postgres", null);
    String name = "inspectsync_test_" + ProcessHandle.current().pid();
    DriverManager.setLoginTimeout(3);
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(admin, name)));
      return admin.withDatabase(name);
    } catch (SQLException unreachable) {
      return embedded();
    }
  }

  private static DatabaseSettings embedded() {
    try {
      Path dir = Path.of("target", "test-postgres").toAbsolutePath();
      deleteTree(dir);
      EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(db::close));
      return new DatabaseSettings(db.host(), db.port(), db.database(), db.user(), null);
    } catch (IOException e) {
      throw new IllegalStateException("no PostgreSQL at 127.0.0.1:5432 and the embedded one did not start", e);
    }
  }

  private static void drop(DatabaseSettings admin, String name) {
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException ignored) {
      // the next run drops leftovers of its own pid only; a stray database is harmless
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
