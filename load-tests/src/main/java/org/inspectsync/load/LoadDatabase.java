package org.inspectsync.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.inspectsync.server.db.DatabaseSettings;
import org.inspectsync.server.db.EmbeddedDatabase;

/**
 * The PostgreSQL a run writes to, in this order: the one named by {@code INSPECTSYNC_DATABASE_URL}
 * (kept; the run adds its own stations to it); a fresh database on the PostgreSQL at
 * {@code INSPECTSYNC_TEST_PG} (default 127.0.0.1:5432, user postgres), dropped afterwards; an
 * embedded PostgreSQL in a temporary directory, deleted afterwards. Only loopback addresses are
 * accepted: a load run never sends traffic off this machine.
 */
final class LoadDatabase implements AutoCloseable {

  private final DatabaseSettings settings;
  private final String description;
  private final Runnable cleanup;

  private LoadDatabase(DatabaseSettings settings, String description, Runnable cleanup) {
    this.settings = settings;
    this.description = description;
    this.cleanup = cleanup;
  }

  static LoadDatabase open(Path workDir) throws IOException {
    String url = System.getenv("INSPECTSYNC_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      DatabaseSettings db = DatabaseSettings.fromUrl(url);
      requireLoopback(db.host());
      return new LoadDatabase(db, "INSPECTSYNC_DATABASE_URL " + where(db) + " (kept)", () -> { });
    }
    String server = System.getenv().getOrDefault("INSPECTSYNC_TEST_PG", "127.0.0.1:5432");
    String[] hostPort = server.split(":");
    DatabaseSettings admin = new DatabaseSettings(hostPort[0], Integer.parseInt(hostPort[1]), "postgres",
        "postgres", null);
    requireLoopback(admin.host());
    String name = "inspectsync_load_" + ProcessHandle.current().pid();
    DriverManager.setLoginTimeout(3);
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
      DatabaseSettings db = admin.withDatabase(name);
      return new LoadDatabase(db, "fresh database " + where(db) + " (dropped afterwards)", () -> drop(admin, name));
    } catch (SQLException unreachable) {
      Path dir = workDir.resolve("postgres");
      EmbeddedDatabase embedded = EmbeddedDatabase.start(dir, 0);
      DatabaseSettings db = new DatabaseSettings(embedded.host(), embedded.port(), embedded.database(),
          embedded.user(), null);
      return new LoadDatabase(db, "embedded PostgreSQL " + where(db) + " (deleted afterwards)", () -> {
        embedded.close();
        deleteTree(dir);
      });
    }
  }

  DatabaseSettings settings() {
    return settings;
  }

  String description() {
    return description;
  }

  Connection connect() throws SQLException {
    // Rewritten batches turn thousands of fixture inserts into a few multi-row statements.
    return DriverManager.getConnection(settings.jdbcUrl() + "?reWriteBatchedInserts=true", settings.user(),
        settings.password());
  }

  String serverVersion() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("SHOW server_version")) {
      row.next();
      return row.getString(1);
    }
  }

  @Override
  public void close() {
    cleanup.run();
  }

  private static String where(DatabaseSettings db) {
    return db.host() + ":" + db.port() + "/" + db.database();
  }

  private static void requireLoopback(String host) throws UnknownHostException {
    if (!InetAddress.getByName(host).isLoopbackAddress()) {
      throw new IllegalArgumentException("the load test only talks to this machine; " + host + " is not a loopback address");
    }
  }

  private static void drop(DatabaseSettings admin, String name) {
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop " + name + ": " + e.getMessage());
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
