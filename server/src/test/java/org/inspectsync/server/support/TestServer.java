package org.inspectsync.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.Config;
import org.inspectsync.server.InspectionServer;
import org.inspectsync.server.push.PushChannel;

/** A server on a random port over the shared test database, for one test class. */
public final class TestServer implements AutoCloseable {

  private final Vertx vertx;
  private final InspectionServer server;

  private TestServer(Vertx vertx, InspectionServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  private static TestServer shared;

  /** The server every integration test of this JVM shares; it stops when the JVM ends. */
  public static synchronized TestServer shared() {
    if (shared == null) {
      shared = start(Config.forTests(Path.of("target", "test-data").toAbsolutePath()));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  public static TestServer start(Config config) {
    return start(config, vertx -> null);
  }

  /** A server whose push goes through the channel made for its Vert.x (null: from the config). */
  public static TestServer start(Config config, Function<Vertx, PushChannel> channel) {
    Vertx vertx = strictVertx();
    InspectionServer server = InspectionServer.start(vertx, config, TestDatabase.settings(), channel.apply(vertx))
        .await();
    return new TestServer(vertx, server);
  }

  /** A Vert.x on which a handler that blocks an event loop for more than 200 ms is reported with its stack trace. */
  public static Vertx strictVertx() {
    return Vertx.vertx(new VertxOptions()
        .setMaxEventLoopExecuteTime(200)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(200)
        .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  public Http http() {
    return new Http(uri());
  }

  public SyncClient client() {
    return new SyncClient(uri());
  }

  /** A phone logged in as {@code username} with the fixtures' password. */
  public Phone phone(String username) {
    Phone phone = new Phone(client(), "device-" + username + "-" + System.nanoTime());
    phone.login(username, Fixtures.PASSWORD);
    return phone;
  }

  public InspectionServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close().await();
    vertx.close().await();
  }
}
