package org.inspectsync.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.metrics.MetricsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.inspectsync.server.Config;
import org.inspectsync.server.InspectionServer;
import org.inspectsync.server.db.DatabaseSettings;

/**
 * The server a scenario runs against, in this JVM with a Vert.x of its own, on a free loopback
 * port so that it runs one verticle per core as in production. Push is off and the deadline sweep
 * waits ten minutes, so neither adds work of its own to a run. Its Vert.x counts the statements the
 * server sends to PostgreSQL ({@link StatementCounter}).
 */
final class LoadServer implements AutoCloseable {

  private final Vertx vertx;
  private final InspectionServer server;
  private final StatementCounter statements;
  private boolean stopped;

  private LoadServer(Vertx vertx, InspectionServer server, StatementCounter statements) {
    this.vertx = vertx;
    this.server = server;
    this.statements = statements;
  }

  static LoadServer start(Path workDir, DatabaseSettings db, int poolSize) {
    StatementCounter statements = new StatementCounter();
    Vertx vertx = countingVertx(statements);
    try {
      return new LoadServer(vertx, InspectionServer.start(vertx, config(workDir, poolSize), db).await(), statements);
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  /** A Vert.x whose SQL clients report their statements to {@code statements}; metrics must be on for that. */
  static Vertx countingVertx(StatementCounter statements) {
    return Vertx.builder().with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
        .withMetrics(statements).build();
  }

  static Config config(Path workDir, int poolSize) {
    return new Config(freeLoopbackPort(), null, workDir.resolve("server"), Duration.ofHours(12), 500,
        4 * 1024 * 1024, poolSize, false, 7, Duration.ofDays(30), null, null, Duration.ofMinutes(10),
        Duration.ofMinutes(120), Config.Evidence.defaults(workDir.resolve("server")));
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  Vertx vertx() {
    return vertx;
  }

  /** Statements the server has sent to PostgreSQL so far, and their waves. */
  StatementCounter.Count statements() {
    return statements.now();
  }

  /** Stops the server and keeps its Vert.x, for what a scenario measures afterwards. */
  void stopServer() {
    if (!stopped) {
      stopped = true;
      server.close().await();
    }
  }

  /** Stops the server, if it still runs, then its Vert.x. */
  @Override
  public void close() {
    try {
      stopServer();
    } finally {
      vertx.close().await();
    }
  }

  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
