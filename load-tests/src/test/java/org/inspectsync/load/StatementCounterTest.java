package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.db.Migrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The statement counter")
class StatementCounterTest {

  private static Path workDir;
  private static LoadDatabase db;

  @BeforeAll
  static void database() throws Exception {
    workDir = Files.createTempDirectory("inspectsync-statements-");
    db = LoadDatabase.open(workDir);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
    LoadDatabase.deleteTree(workDir);
  }

  @Test
  @DisplayName("counts one statement and one wave for a query, and one wave for three pipelined on a connection")
  void knownQueries() {
    StatementCounter counter = new StatementCounter();
    Vertx vertx = LoadServer.countingVertx(counter);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(db.settings().connectOptions())
        .using(vertx).build();
    try {
      pool.query("SELECT 1").execute().await();
      StatementCounter.Count before = counter.now();
      pool.query("SELECT 1").execute().await();
      assertEquals(new StatementCounter.Count(1, 1), counter.now().since(before));

      StatementCounter.Count beforePipelined = counter.now();
      // Issued in one task on the connection's event loop, so no answer can come in between.
      pool.withConnection(connection -> Future.all(List.of(
          connection.preparedQuery("SELECT $1::int").execute(Tuple.of(1)),
          connection.preparedQuery("SELECT $1::int").execute(Tuple.of(2)),
          connection.preparedQuery("SELECT $1::int").execute(Tuple.of(3))))).await();
      assertEquals(new StatementCounter.Count(3, 1), counter.now().since(beforePipelined));

      StatementCounter.Count beforeBatch = counter.now();
      pool.preparedQuery("SELECT $1::int").executeBatch(List.of(Tuple.of(1), Tuple.of(2))).await();
      assertEquals(new StatementCounter.Count(1, 1), counter.now().since(beforeBatch), "a batch is one statement");
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("counts a plausible number of statements for one push of 16 new checks to the in-process server")
  void onePush() throws Exception {
    Migrations.apply(db.settings());
    CityFixtures.City city;
    try (Connection connection = db.connect()) {
      city = CityFixtures.create(connection, Settings.tiny(1, 1), "statements");
    }
    try (LoadServer server = LoadServer.start(workDir, db.settings(), 4)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      CityFixtures.Inspector inspector = city.inspectors().get(0);
      Phone phone = new Phone(new SyncClient(server.uri(), http), "statements-phone", 16, 1000);
      phone.login(inspector.username(), CityFixtures.PASSWORD);
      for (int i = 0; i < 16; i++) {
        phone.create(RecordType.CHECK, Map.of("entityId", inspector.round().get(i % inspector.round().size()).toString(),
            "performedAt", "2026-11-22T08:30:" + (10 + i) + "+08:00", "latitude", 30.25, "longitude", 120.15,
            "outcome", "passed"));
      }
      StatementCounter.Count before = server.statements();
      phone.push();
      StatementCounter.Count push = server.statements().since(before);

      assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
      System.out.println("one push of 16 checks: " + push);
      assertTrue(push.statements() >= 2, "at least the device check and one write");
      assertTrue(push.statements() <= 4 * 16 + 20, "no more than a few statements per mutation");
      assertTrue(push.waves() >= 1 && push.waves() <= push.statements());
    }
  }
}
