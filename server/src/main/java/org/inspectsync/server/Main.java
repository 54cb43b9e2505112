package org.inspectsync.server;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.inspectsync.server.db.DatabaseSettings;
import org.inspectsync.server.db.EmbeddedDatabase;
import org.inspectsync.server.db.Migrations;
import org.inspectsync.server.identity.Bootstrap;
import org.inspectsync.server.identity.Roster;
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
    if (args.length > 0 && args[0].equals("create-admin")) {
      createAdmin(args);
      return;
    }
    if (args.length > 0 && args[0].equals("import-roster")) {
      importRoster(args);
      return;
    }
    Config config = Config.fromEnvironment(System.getenv(), args);
    EmbeddedDatabase embedded = config.databaseUrl() == null ? startEmbedded(config) : null;
    DatabaseSettings db = settings(config, embedded);
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

  /**
   * {@code create-admin <username>}: the first administrator, with the password read from
   * {@code INSPECTSYNC_ADMIN_PASSWORD} and the bureau named by {@code INSPECTSYNC_BUREAU_NAME}.
   */
  private static void createAdmin(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: create-admin <username> (password in INSPECTSYNC_ADMIN_PASSWORD)");
    }
    String password = System.getenv("INSPECTSYNC_ADMIN_PASSWORD");
    if (password == null) {
      throw new IllegalArgumentException("set INSPECTSYNC_ADMIN_PASSWORD to the new admin's password");
    }
    onMigratedDatabase(db -> {
      Bootstrap.Result result = Bootstrap.createAdmin(db, args[1], password,
          System.getenv().getOrDefault("INSPECTSYNC_BUREAU_NAME", "Market supervision bureau"));
      LOG.info(result.created() ? "admin {} created" : "admin {} exists already; nothing changed", args[1]);
    });
  }

  /**
   * {@code import-roster <file.csv>}: units and users from a roster (see {@link Roster}); the first
   * passwords of new users go to {@code <file.csv>.first-passwords.csv}, readable by the owner only.
   */
  private static void importRoster(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: import-roster <file.csv>");
    }
    Path file = Path.of(args[1]);
    onMigratedDatabase(db -> {
      Roster.Result result;
      try (Reader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        result = Roster.load(db, csv);
      }
      LOG.info("units: {} created, {} updated; users: {} created, {} updated", result.unitsCreated(),
          result.unitsUpdated(), result.usersCreated(), result.usersUpdated());
      if (!result.firstPasswords().isEmpty()) {
        Path passwords = Path.of(file + ".first-passwords.csv");
        StringBuilder text = new StringBuilder("username,first_password\n");
        result.firstPasswords().forEach((user, password) -> text.append(user).append(',').append(password).append('\n'));
        Files.deleteIfExists(passwords);
        Files.createFile(passwords, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwords, text);
        LOG.info("first passwords of the new users are in {}", passwords);
      }
    });
  }

  /** A command's work against the configured database, once the migrations are applied. */
  private interface DatabaseCommand {
    void run(DatabaseSettings db) throws Exception;
  }

  /** Runs a command on the server's database (the embedded one is started and stopped around it). */
  private static void onMigratedDatabase(DatabaseCommand command) throws Exception {
    Config config = Config.fromEnvironment(System.getenv(), new String[0]);
    EmbeddedDatabase embedded = config.databaseUrl() == null ? startEmbedded(config) : null;
    try {
      DatabaseSettings db = settings(config, embedded);
      Migrations.apply(db);
      command.run(db);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static EmbeddedDatabase startEmbedded(Config config) throws IOException {
    Path dataDir = config.dataDir().resolve("postgres");
    // Any free port: the data directory, not the port, is what identifies this database.
    EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir, 0);
    LOG.info("using embedded PostgreSQL on port {} with data in {}", embedded.port(), dataDir);
    return embedded;
  }

  private static DatabaseSettings settings(Config config, EmbeddedDatabase embedded) {
    if (embedded != null) {
      return new DatabaseSettings(embedded.host(), embedded.port(), embedded.database(), embedded.user(), null);
    }
    DatabaseSettings db = DatabaseSettings.fromUrl(config.databaseUrl());
    LOG.info("using PostgreSQL at {}:{}/{}", db.host(), db.port(), db.database());
    return db;
  }
}
