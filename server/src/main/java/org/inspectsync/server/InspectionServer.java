package org.inspectsync.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.inspectsync.server.db.DatabaseSettings;
import org.inspectsync.server.db.Migrations;
import org.inspectsync.server.demo.DemoStation;
import org.inspectsync.server.http.ApiRouter;
import org.inspectsync.server.http.HttpVerticle;
import org.inspectsync.server.identity.TokenKeys;
import org.inspectsync.server.identity.TokenService;
import org.inspectsync.server.sync.ParkedHandlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: migrations applied, pool open, HTTP verticles deployed. Used by
 * {@link Main} and by the tests, which start it on a random port.
 */
public final class InspectionServer {

  private static final Logger LOG = LoggerFactory.getLogger(InspectionServer.class);

  private final Vertx vertx;
  private final Pool pool;
  private final int port;
  private final String deploymentId;

  private InspectionServer(Vertx vertx, Pool pool, int port, String deploymentId) {
    this.vertx = vertx;
    this.pool = pool;
    this.port = port;
    this.deploymentId = deploymentId;
  }

  public static Future<InspectionServer> start(Vertx vertx, Config config, DatabaseSettings db) {
    return vertx.executeBlocking(() -> prepare(config, db)).compose(keys -> {
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.poolSize()).setConnectionTimeout(10))
          .with(new NetClientOptions().setConnectTimeout(5_000))
          .connectingTo(db.connectOptions())
          .using(vertx)
          .build();
      TokenService tokens = new TokenService(keys, config.tokenTtl(), Clock.systemUTC());
      ParkedHandlers.expireEvery(vertx, pool, config.parkDays());
      Buffer openApi = openApiDocument();
      // A fixed port is shared by one verticle per core; port 0 (tests) needs a single one to know its port.
      int instances = config.httpPort() == 0 ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
      HttpVerticle[] first = new HttpVerticle[1];
      return vertx.deployVerticle(() -> {
        HttpVerticle verticle = new HttpVerticle(config.httpPort(),
            v -> ApiRouter.create(v, pool, config, tokens, openApi));
        if (first[0] == null) {
          first[0] = verticle;
        }
        return verticle;
      }, new DeploymentOptions().setInstances(instances))
          .map(id -> new InspectionServer(vertx, pool, first[0].actualPort(), id));
    });
  }

  /** The blocking part of start-up: schema, token key, demo data. */
  private static TokenKeys prepare(Config config, DatabaseSettings db) throws IOException, SQLException {
    Migrations.apply(db);
    TokenKeys keys = TokenKeys.load(System.getenv(), config.dataDir());
    if (config.loadDemo()) {
      try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        DemoStation.Summary demo = DemoStation.load(connection);
        LOG.info("demo station {}: {} users, {} entities, {} assignments{}", demo.stationId(), demo.users(),
            demo.entities(), demo.assignments(), demo.created() ? " (created now)" : "");
      }
    }
    return keys;
  }

  private static Buffer openApiDocument() {
    try (InputStream in = InspectionServer.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId).compose(done -> pool.close());
  }
}
