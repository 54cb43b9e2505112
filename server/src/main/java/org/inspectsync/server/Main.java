package org.inspectsync.server;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.inspectsync.server.db.DatabaseSettings;
import org.inspectsync.server.db.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the server. With {@code INSPECTSYNC_DATABASE_URL} unset it runs its own PostgreSQL with
 * the data in {@code INSPECTSYNC_DATA_DIR/postgres}, kept across restarts.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    Config config = Config.fromEnvironment(System.getenv(), args);
    DatabaseSettings db;
    EmbeddedDatabase embedded = null;
    if (config.databaseUrl() != null) {
      db = DatabaseSettings.fromUrl(config.databaseUrl());
      LOG.info("using PostgreSQL at {}:{}/{}", db.host(), db.port(), db.database());
    } else {
      Path dataDir = config.dataDir().resolve("postgres");
      // Any free port: the data directory, not the port, is what identifies this database.
      embedded = EmbeddedDatabase.start(dataDir, 0);
      db = new DatabaseSettings(embedded.host(), embedded.port(), embedded.database(), embedded.user(), null);
      LOG.info("using embedded PostgreSQL on port {} with data in {}", embedded.port(), dataDir);
    }
    Vertx vertx = Vertx.vertx();
    EmbeddedDatabase toStop = embedded;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      if (toStop != null) {
        toStop.close();
      }
    }, "shutdown"));
    try {
      InspectionServer server = InspectionServer.start(vertx, config, db).await();
      LOG.info("listening on http://localhost:{}", server.port());
    } catch (Exception e) {
      LOG.error("the server did not start", e);
      System.exit(1);
    }
  }
}
