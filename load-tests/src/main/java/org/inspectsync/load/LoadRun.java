package org.inspectsync.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.inspectsync.server.db.Migrations;

/**
 * What every scenario starts from: a temporary work directory, the PostgreSQL it writes to (see
 * {@link LoadDatabase}) with the server's schema, and a tag that keeps its names apart from other
 * runs'. Closing it drops the database it made and deletes the directory.
 */
final class LoadRun implements AutoCloseable {

  private final Path workDir;
  private final LoadDatabase db;
  private final String tag = Long.toString(System.currentTimeMillis(), 36);

  private LoadRun(Path workDir, LoadDatabase db) {
    this.workDir = workDir;
    this.db = db;
  }

  /** A run named {@code name} (the work directory's prefix), its database migrated. */
  static LoadRun start(String name) throws IOException {
    Path workDir = Files.createTempDirectory("inspectsync-" + name + "-");
    LoadDatabase db = null;
    try {
      db = LoadDatabase.open(workDir);
      Migrations.apply(db.settings());
      return new LoadRun(workDir, db);
    } catch (IOException | RuntimeException e) {
      if (db != null) {
        db.close();
      }
      LoadDatabase.deleteTree(workDir);
      throw e;
    }
  }

  Path workDir() {
    return workDir;
  }

  LoadDatabase db() {
    return db;
  }

  String tag() {
    return tag;
  }

  /** Which PostgreSQL, and which database on it, for the report. */
  String database() throws SQLException {
    return "PostgreSQL " + db.serverVersion() + ", " + db.description();
  }

  /** Writes the city of {@code settings} into the database. */
  CityFixtures.City city(Settings settings) throws SQLException {
    try (Connection connection = db.connect()) {
      return CityFixtures.create(connection, settings, tag);
    }
  }

  /** The in-process server on this run's database, with {@code poolSize} connections. */
  LoadServer server(int poolSize) {
    return LoadServer.start(workDir, db.settings(), poolSize);
  }

  @Override
  public void close() {
    try {
      db.close();
    } finally {
      LoadDatabase.deleteTree(workDir);
    }
  }
}
