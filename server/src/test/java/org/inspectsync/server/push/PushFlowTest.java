package org.inspectsync.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.server.Config;
import org.inspectsync.server.support.FakeFcm;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A change of assignments wakes the phones concerned: FCM through firebase-admin, and the live stream")
class PushFlowTest {

  private static Vertx fakeVertx;
  private static FakeFcm fcm;
  private static TestServer server;
  private UUID li;
  private UUID wang;
  private UUID entity;
  private String dispatcher;
  private Phone liPhone;
  private Phone wangPhone;

  @BeforeAll
  static void start() {
    fakeVertx = Vertx.vertx();
    fcm = FakeFcm.start(fakeVertx);
    server = TestServer.start(Config.forTests(Path.of("target", "test-data").toAbsolutePath()),
        vertx -> fcm.channel(vertx));
  }

  @AfterAll
  static void stop() {
    server.close();
    fcm.close();
    fakeVertx.close().await();
  }

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    fcm.reset();
    UUID station = Fixtures.station("east");
    li = Fixtures.user("li", "inspector", station);
    wang = Fixtures.user("wang", "inspector", station);
    Fixtures.user("zhao", "dispatcher", station);
    entity = Fixtures.entity(station);
    dispatcher = server.client().login("zhao", Fixtures.PASSWORD, "dispatch-desk").token();
    liPhone = server.phone("li");
    wangPhone = server.phone("wang");
    registerToken(liPhone, "token-li");
    registerToken(wangPhone, "token-wang");
  }

  private void registerToken(Phone phone, String token) {
    Http.Response registered = putPushToken(phone, new JsonObject().put("pushToken", token));
    assertEquals(204, registered.status(), registered.text());
  }

  private Http.Response putPushToken(Phone phone, JsonObject body) {
    return server.http().put("/devices/current/push-token", body.encode(), phone.client().token());
  }

  private UUID assign(UUID... inspectors) {
    JsonArray ids = new JsonArray();
    for (UUID inspector : inspectors) {
      ids.add(inspector.toString());
    }
    Http.Response created = server.http().post("/assignments", new JsonObject().put("inspectorIds", ids)
        .put("entityIds", new JsonArray().add(entity.toString())).put("dueOn", LocalDate.now().toString())
        .put("kind", "complaint").encode(), dispatcher);
    assertEquals(201, created.status(), created.text());
    return UUID.fromString(created.body().getString("id"));
  }

  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private String pushedAt(UUID assignment, Phone phone) {
    for (Object item : server.http().get("/assignments/" + assignment + "/receipts", dispatcher).body()
        .getJsonArray("receipts")) {
      JsonObject receipt = (JsonObject) item;
      if (receipt.getString("deviceId").equals(phone.deviceId())) {
        return receipt.getString("pushedAt");
      }
    }
    return null;
  }

  @Test
  @DisplayName("an assignment sends one small 'sync' data message to its inspector's phone only, and the receipt says pushed")
  void sendsOneHint() {
    UUID assignment = assign(li);
    eventually("li's phone is pushed", () -> pushedAt(assignment, liPhone) != null);
    List<FakeFcm.Received> messages = fcm.received("token-li");
    assertEquals(1, messages.size());
    assertEquals(new JsonObject().put("type", "sync"), messages.get(0).data());
    assertEquals("sync", messages.get(0).collapseKey());
    String sent = messages.get(0).body().encode();
    assertTrue(!sent.contains(entity.toString()) && !sent.contains("complaint") && !sent.contains(li.toString()),
        "no record content or personal data in the message: " + sent);
    assertTrue(fcm.received("token-wang").isEmpty(), "wang has nothing new");
    assertEquals("fcm", server.http().get("/health", null).body().getString("push"));
  }

  @Test
  @DisplayName("a burst of assignments for one phone gives one message")
  void burstIsCollapsed() {
    JsonArray plan = new JsonArray();
    for (int i = 0; i < 5; i++) {
      plan.add(new JsonObject().put("inspectorIds", new JsonArray().add(li.toString()))
          .put("entityIds", new JsonArray().add(entity.toString())).put("dueOn", LocalDate.now().toString())
          .put("kind", "routine"));
    }
    assertEquals(201, server.http().post("/assignments/plan", new JsonObject().put("assignments", plan).encode(),
        dispatcher).status());
    eventually("li is pushed", () -> fcm.received("token-li").size() == 1);
    assertEquals(1, fcm.received("token-li").size());
  }

  @Test
  @DisplayName("a token FCM calls unregistered is dropped, and the other phone of the assignment is still pushed")
  void unregisteredTokenDropped() {
    fcm.unregistered("token-li");
    UUID assignment = assign(li, wang);
    eventually("li's dead token is dropped", () -> Fixtures.count(
        "SELECT count(*) FROM devices WHERE id = ? AND push_token IS NULL", liPhone.deviceId()) == 1);
    eventually("wang's phone is pushed", () -> pushedAt(assignment, wangPhone) != null);
    assertEquals(List.of(404), fcm.answers("token-li"));

    registerToken(liPhone, "token-li-new");
    Http.Response cancelled = server.http().post("/assignments/" + assignment + "/cancel", "", dispatcher);
    assertEquals(200, cancelled.status(), cancelled.text());
    eventually("li's new token is pushed", () -> fcm.received("token-li-new").size() == 1);
  }

  @Test
  @DisplayName("429 and 503 are retried with backoff until FCM takes the message")
  void busyIsRetried() {
    fcm.busy("token-li", 1, 429);
    fcm.busy("token-wang", 2, 503);
    UUID assignment = assign(li, wang);
    eventually("both phones are pushed", () -> pushedAt(assignment, liPhone) != null
        && pushedAt(assignment, wangPhone) != null);
    assertEquals(List.of(429, 200), fcm.answers("token-li"));
    assertEquals(List.of(503, 503, 200), fcm.answers("token-wang"));
  }

  /** A live stream opened by the phone on {@code instance}; its lines arrive on the queue. */
  private static BlockingQueue<String> stream(TestServer instance, Phone phone) throws Exception {
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
    HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            instance.uri().resolve("/sync/live")).header("Authorization", "Bearer " + phone.client().token()).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse(""));
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException closed) {
        // the server ended the stream
      }
    });
    reader.setDaemon(true);
    reader.start();
    awaitLine(lines, "event: ready");
    return lines;
  }

  @Test
  @DisplayName("a phone with the app open hears 'sync' on /sync/live as soon as its assignment is made, and only then")
  void liveStream() throws Exception {
    BlockingQueue<String> lines = stream(server, liPhone);
    assign(wang);
    long quiet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    while (System.nanoTime() < quiet) {
      String line = lines.poll(50, TimeUnit.MILLISECONDS);
      assertTrue(line == null || !line.startsWith("event:"), "wang's assignment is none of li's business: " + line);
    }
    assign(li);
    awaitLine(lines, "event: sync");

    Http.Response anonymous = server.http().get("/sync/live", null);
    assertEquals(401, anonymous.status(), anonymous.text());
  }

  @Test
  @DisplayName("the hint reaches a phone streaming from another server instance, through PostgreSQL")
  void liveStreamAcrossInstances() throws Exception {
    BlockingQueue<String> lines = stream(TestServer.shared(), liPhone);
    assign(li);
    awaitLine(lines, "event: sync");
  }

  private static void awaitLine(BlockingQueue<String> lines, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (expected.equals(line)) {
        return;
      }
    }
    throw new AssertionError("never heard " + expected);
  }

  @Test
  @DisplayName("a server sweeping deadlines turns an overdue notice into a re-inspection and pushes its issuer's phone")
  void overdueNoticeWakesItsIssuer() {
    liPhone.leaseNoticeNumbers(5, LocalDate.now().getYear());
    UUID check = liPhone.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    UUID notice = liPhone.create(RecordType.NOTICE, Map.of("checkId", check.toString(), "requiredActions",
        "repair the cold store", "issuedOn", LocalDate.now().minusDays(10).toString(), "deadlineDays", 3,
        "noticeNumber", liPhone.nextNoticeNumber()));
    liPhone.sync();
    assertTrue(liPhone.rejections().isEmpty(), () -> liPhone.rejections().toString());

    Config sweeping = Config.forTests(Path.of("target", "test-data").toAbsolutePath());
    sweeping = new Config(sweeping.httpPort(), sweeping.databaseUrl(), sweeping.dataDir(), sweeping.tokenTtl(),
        sweeping.maxBatchMutations(), sweeping.maxBodyBytes(), sweeping.poolSize(), false, sweeping.parkDays(),
        sweeping.refreshTtl(), null, null, Duration.ofHours(1), sweeping.quietAfter(), sweeping.evidence());
    try (TestServer second = TestServer.start(sweeping,
        vertx -> fcm.channel(vertx))) {
      eventually("li's phone is pushed", () -> fcm.received("token-li").size() == 1);
    }
    assertEquals(1, Fixtures.count("SELECT count(*) FROM assignments WHERE notice_id = ? AND kind = 'reinspection'"
        + " AND inspector_ids = ARRAY[?]::uuid[]", notice, li));
    assertTrue(fcm.received("token-wang").isEmpty());
  }

  @Test
  @DisplayName("a push token update refuses what is not a token")
  void badTokenUpdate() {
    Http.Response missing = putPushToken(liPhone, new JsonObject());
    assertEquals(400, missing.status(), missing.text());
    assertEquals("pushToken", missing.body().getString("field"));
    Http.Response number = putPushToken(liPhone, new JsonObject().put("pushToken", 42));
    assertEquals(400, number.status(), number.text());
    assertEquals("FIELD_WRONG_TYPE", number.body().getString("code"));
    assertNotNull(Fixtures.row("SELECT push_token FROM devices WHERE id = ?", liPhone.deviceId()).getString("push_token"));
  }
}
