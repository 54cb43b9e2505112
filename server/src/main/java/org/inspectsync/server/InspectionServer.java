package org.inspectsync.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.inspectsync.server.assignments.PushReceipts;
import org.inspectsync.server.assignments.Receipts;
import org.inspectsync.server.db.DatabaseSettings;
import org.inspectsync.server.deadlines.DeadlineSweeper;
import org.inspectsync.server.db.Migrations;
import org.inspectsync.server.demo.DemoStation;
import org.inspectsync.server.evidence.EvidenceStore;
import org.inspectsync.server.evidence.EvidenceSweeper;
import org.inspectsync.server.evidence.LinkSigner;
import org.inspectsync.server.evidence.LocalEvidenceStore;
import org.inspectsync.server.evidence.Staging;
import org.inspectsync.server.http.ApiRouter;
import org.inspectsync.server.http.HttpVerticle;
import org.inspectsync.server.identity.TokenKeys;
import org.inspectsync.server.identity.TokenService;
import org.inspectsync.server.push.FcmChannel;
import org.inspectsync.server.push.Hints;
import org.inspectsync.server.push.LiveHints;
import org.inspectsync.server.push.PushChannel;
import org.inspectsync.server.push.PushDispatcher;
import org.inspectsync.server.sync.ParkedHandlers;
import org.inspectsync.server.tallies.TallyHub;
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
  private final PgSubscriber events;
  private final EvidenceSweeper evidenceSweeper;

  private InspectionServer(Vertx vertx, Pool pool, int port, String deploymentId, PgSubscriber events,
      EvidenceSweeper evidenceSweeper) {
    this.vertx = vertx;
    this.pool = pool;
    this.port = port;
    this.deploymentId = deploymentId;
    this.events = events;
    this.evidenceSweeper = evidenceSweeper;
  }

  public static Future<InspectionServer> start(Vertx vertx, Config config, DatabaseSettings db) {
    return start(vertx, config, db, null);
  }

  /**
   * Starts the server with the given push channel; null makes it from the configuration: FCM with
   * a service-account file, push off without one.
   */
  public static Future<InspectionServer> start(Vertx vertx, Config config, DatabaseSettings db, PushChannel channel) {
    return vertx.executeBlocking(() -> prepare(vertx, config, db, channel)).compose(prepared -> {
      TokenKeys keys = prepared.keys();
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.poolSize()).setConnectionTimeout(10))
          .with(new NetClientOptions().setConnectTimeout(5_000))
          .connectingTo(db.connectOptions())
          .using(vertx)
          .build();
      TokenService tokens = new TokenService(keys, config.tokenTtl(), Clock.systemUTC());
      ParkedHandlers.expireEvery(vertx, pool, config.parkDays());
      PushDispatcher push = new PushDispatcher(vertx, prepared.channel(), new PushReceipts(pool),
          PushDispatcher.Options.defaults());
      Hints hints = new Hints(push);
      sweepDeadlinesEvery(vertx, pool, hints, config.deadlineSweep());
      // One listening connection per instance carries what other instances' commits announce.
      PgSubscriber events = PgSubscriber.subscriber(vertx, db.connectOptions()).reconnectPolicy(attempts -> 1_000L);
      LiveHints.relay(vertx, events);
      TallyHub tallies = new TallyHub(vertx, pool, config.quietAfter());
      tallies.listen(events);
      Buffer openApi = openApiDocument();
      // A fixed port is shared by one verticle per core; port 0 (tests) needs a single one to know its port.
      int instances = config.httpPort() == 0 ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
      HttpVerticle[] first = new HttpVerticle[1];
      EvidenceStore evidenceStore = new LocalEvidenceStore(vertx, config.evidence().storeDir());
      EvidenceSweeper evidenceSweeper = new EvidenceSweeper(pool, evidenceStore,
          new Staging(vertx, config.evidence().stagingDir()), config.evidence());
      sweepEvidenceEvery(vertx, evidenceSweeper, config.evidence().sweepEvery());
      Future<Void> listening = events.connect()
          .onFailure(failure -> LOG.warn("cannot LISTEN to the database: live hints and tallies on this instance"
              + " will not follow other instances' writes", failure))
          .otherwiseEmpty();
      return listening.compose(relaying -> LinkSigner.fromDatabase(pool)).compose(links -> vertx.deployVerticle(() -> {
        HttpVerticle verticle = new HttpVerticle(config.httpPort(),
            v -> ApiRouter.create(v, pool, config, tokens, openApi, hints, tallies, evidenceStore, links));
        if (first[0] == null) {
          first[0] = verticle;
        }
        return verticle;
      }, new DeploymentOptions().setInstances(instances))
          .map(id -> new InspectionServer(vertx, pool, first[0].actualPort(), id, events, evidenceSweeper)));
    });
  }

  private record Prepared(TokenKeys keys, PushChannel channel) {
  }

  /** The blocking part of start-up: schema, token key, push credentials, demo data. */
  private static Prepared prepare(Vertx vertx, Config config, DatabaseSettings db, PushChannel channel)
      throws IOException, SQLException {
    Migrations.apply(db);
    TokenKeys keys = TokenKeys.load(System.getenv(), config.dataDir());
    if (channel == null && config.fcmCredentials() != null) {
      channel = FcmChannel.fromServiceAccount(vertx, config.fcmCredentials(), config.fcmEndpoint());
    }
    if (channel == null) {
      LOG.info("push is off: set INSPECTSYNC_FCM_CREDENTIALS to a Firebase service-account file to turn it on;"
          + " phones still hear hints on /sync/live and sync by themselves");
      channel = PushChannel.off();
    } else {
      LOG.info("push is on through {}", channel.name());
    }
    if (config.loadDemo()) {
      try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        DemoStation.Summary demo = DemoStation.load(connection);
        LOG.info("demo station {}: {} users, {} entities, {} assignments{}", demo.stationId(), demo.users(),
            demo.entities(), demo.assignments(), demo.created() ? " (created now)" : "");
      }
    }
    return new Prepared(keys, channel);
  }

  /**
   * Looks for notices past their deadline now and every {@code every} (zero: never), creates their
   * re-inspections, and hints the phones concerned. Several servers may sweep: each notice gets one.
   */
  private static void sweepDeadlinesEvery(Vertx vertx, Pool pool, Hints hints, Duration every) {
    if (every.isZero()) {
      return;
    }
    DeadlineSweeper sweeper = new DeadlineSweeper(pool);
    Handler<Long> sweep = timer -> sweeper.sweep()
        .compose(created -> pool.withTransaction(conn -> Receipts.sent(conn, created)))
        .onSuccess(hints::send)
        .onFailure(failure -> LOG.warn("deadline sweep failed; it runs again in {}", every, failure));
    vertx.setTimer(1, sweep);
    vertx.setPeriodic(every.toMillis(), sweep);
  }

  /** Deletes unneeded evidence now and every {@code every} (zero: never). */
  private static void sweepEvidenceEvery(Vertx vertx, EvidenceSweeper sweeper, Duration every) {
    if (every.isZero()) {
      return;
    }
    Handler<Long> sweep = timer -> sweeper.sweep()
        .onSuccess(swept -> LOG.debug("evidence sweep: {}", swept))
        .onFailure(failure -> LOG.warn("evidence sweep failed; it runs again in {}", every, failure));
    vertx.setTimer(1, sweep);
    vertx.setPeriodic(every.toMillis(), sweep);
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

  /** The evidence sweep, for running one now (the timer runs it every {@code INSPECTSYNC_EVIDENCE_SWEEP_MINUTES}). */
  public EvidenceSweeper evidenceSweeper() {
    return evidenceSweeper;
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId).compose(done -> events.close()).compose(done -> pool.close());
  }
}
