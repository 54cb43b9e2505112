package org.inspectsync.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The embedded database")
class EmbeddedDatabaseTest {

  @TempDir Path tempDir;

  @Test
  @DisplayName("keeps its data across a restart on the same directory")
  void keepsDataAcrossRestart() throws Exception {
    Path dataDir = tempDir.resolve("pgdata");

    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      execute(db, "CREATE TABLE inspection (id int PRIMARY KEY, shop text NOT NULL)");
      execute(db, "INSERT INTO inspection VALUES (1, 'Bakery on Main Street')");
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));

    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertEquals("Bakery on Main Street", queryString(db, "SELECT shop FROM inspection WHERE id = 1"));
    }
  }

  @Test
  @DisplayName("reports where to connect")
  void reportsConnectionDetails() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(tempDir.resolve("pgdata"), 0)) {
      assertTrue(db.port() > 0);
      assertEquals(
          "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.database() + "?user=" + db.user(),
          db.jdbcUrl());
      assertEquals(db.user(), queryString(db, "SELECT current_user"));
      assertEquals(db.database(), queryString(db, "SELECT current_database()"));
      assertEquals("on", queryString(db, "SHOW fsync"));
      assertEquals("on", queryString(db, "SHOW synchronous_commit"));
    }
  }

  @Test
  @DisplayName("starts again after the JVM that ran it was killed")
  void startsAfterOwnerWasKilled() throws Exception {
    Path dataDir = tempDir.resolve("pgdata");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      execute(db, "CREATE TABLE inspection (id int PRIMARY KEY)");
    }

    // A killed JVM leaves its postmaster running on the data directory.
    Process owner =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StartAndWait.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      waitForLine(owner, StartAndWait.READY);
      owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertTrue(Files.exists(dataDir.resolve("postmaster.pid")));

      try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
        assertEquals("0", queryString(db, "SELECT count(*) FROM inspection"));
      }
    } finally {
      owner.destroyForcibly();
    }
  }

  @Test
  @DisplayName("starts even if postmaster.pid names a live process that is not PostgreSQL")
  void ignoresStalePidFile() throws Exception {
    Path dataDir = tempDir.resolve("pgdata");
    EmbeddedDatabase.start(dataDir, 0).close();
    // As after a container restart, when the old postmaster's pid now belongs to someone else.
    Files.writeString(
        dataDir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dataDir + "\n");

    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertEquals("1", queryString(db, "SELECT 1"));
    }
  }

  /** Runs in a separate JVM: starts the database on the given directory, then waits to be killed. */
  static final class StartAndWait {
    static final String READY = "database ready";

    public static void main(String[] args) throws Exception {
      EmbeddedDatabase.start(Path.of(args[0]), 0);
      System.out.println(READY);
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }

  private static void waitForLine(Process process, String expected) throws Exception {
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      if (line.equals(expected)) {
        return;
      }
    }
    throw new AssertionError("Process ended before printing: " + expected);
  }

  private static void execute(EmbeddedDatabase db, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String queryString(EmbeddedDatabase db, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }
}
