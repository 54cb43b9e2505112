package org.inspectsync.server.tallies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.Config;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Supervisors watch tallies live: a snapshot, then updates, on any instance, within their units only")
class LiveTalliesTest {

  private static final TestServer server = TestServer.shared();
  /** A second instance on the same database, as a second server behind a load balancer. */
  private static TestServer second;
  private UUID district;
  private UUID east;
  private UUID west;
  private UUID entity;
  private String districtChief;
  private String eastChief;

  @BeforeAll
  static void startSecond() {
    second = TestServer.start(Config.forTests(Path.of("target", "test-data").toAbsolutePath()));
  }

  @AfterAll
  static void stopSecond() {
    second.close();
  }

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    district = Fixtures.station("district");
    Fixtures.update("UPDATE org_units SET kind = 'bureau' WHERE id = ?", district);
    east = Fixtures.station("east");
    west = Fixtures.station("west");
    Fixtures.update("UPDATE org_units SET parent_id = ? WHERE id IN (?, ?)", district, east, west);
    Fixtures.user("li", "inspector", east);
    Fixtures.user("qian", "inspector", west);
    Fixtures.user("sun", "supervisor", district);
    Fixtures.user("chen", "supervisor", east);
    entity = Fixtures.entity(east);
    districtChief = server.client().login("sun", Fixtures.PASSWORD, "sun-tablet").token();
    eastChief = server.client().login("chen", Fixtures.PASSWORD, "chen-tablet").token();
  }

  /** An open tally stream; its events (name and data) arrive on the queue. */
  private record Stream(BlockingQueue<Map.Entry<String, JsonObject>> events, InputStream body) {

    JsonObject next(String name) throws InterruptedException {
      Map.Entry<String, JsonObject> event = events.poll(10, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no " + name + " event within 10 s");
      }
      assertEquals(name, event.getKey(), () -> "event " + event);
      return event.getValue();
    }

    void close() throws IOException {
      body.close();
    }
  }

  private static Stream watch(TestServer instance, UUID unit, String token) throws Exception {
    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            instance.uri().resolve("/units/" + unit + "/tallies/stream")).header("Authorization", "Bearer " + token)
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    BlockingQueue<Map.Entry<String, JsonObject>> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String name = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("event: ")) {
            name = line.substring(7);
          } else if (line.startsWith("data: ") && name != null) {
            events.add(Map.entry(name, new JsonObject(line.substring(6))));
            name = null;
          }
        }
      } catch (IOException closed) {
        // the test closed it
      }
    });
    reader.setDaemon(true);
    reader.start();
    return new Stream(events, response.body());
  }

  private void check(Phone phone, String outcome) {
    phone.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", outcome));
    phone.sync();
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
  }

  @Test
  @DisplayName("a snapshot on connect, an update after each push with the changed station, and a reconnect that"
      + " starts from a snapshot without double counting")
  void snapshotThenUpdates() throws Exception {
    Phone li = server.phone("li");
    check(li, "passed");
    Stream stream = watch(server, district, districtChief);
    JsonObject snapshot = stream.next("snapshot");
    assertEquals(1, snapshot.getJsonObject("totals").getLong("checksDone"));
    assertEquals(2, snapshot.getJsonArray("stations").size());

    check(li, "hazards_found");
    JsonObject update = stream.next("update");
    assertEquals(2, update.getJsonObject("totals").getLong("checksDone"));
    assertEquals(0.5, update.getJsonObject("totals").getDouble("passRate"));
    assertEquals(1, update.getJsonArray("stations").size(), "only the station that changed");
    assertEquals(east.toString(), update.getJsonArray("stations").getJsonObject(0).getString("stationId"));
    stream.close();

    check(li, "passed");
    Stream again = watch(server, district, districtChief);
    assertEquals(3, again.next("snapshot").getJsonObject("totals").getLong("checksDone"));
    again.close();
  }

  @Test
  @DisplayName("a stream on a second instance follows a push made through the first, through PostgreSQL")
  void twoInstancesAgree() throws Exception {
    Stream onSecond = watch(second, east, eastChief);
    assertEquals(0, onSecond.next("snapshot").getJsonObject("totals").getLong("checksDone"));
    check(server.phone("li"), "passed");
    assertEquals(1, onSecond.next("update").getJsonObject("totals").getLong("checksDone"));
    onSecond.close();

    Http.Response first = server.http().get("/units/" + east + "/tallies", eastChief);
    Http.Response other = second.http().get("/units/" + east + "/tallies", eastChief);
    assertEquals(first.body().getJsonObject("totals"), other.body().getJsonObject("totals"));
    assertEquals(first.body().getJsonArray("byHour"), other.body().getJsonArray("byHour"));
  }

  @Test
  @DisplayName("a stream is never compressed, even when the client asks: a compressor per stream costs too much memory")
  void streamNotCompressed() throws Exception {
    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            server.uri().resolve("/units/" + east + "/tallies/stream")).header("Authorization", "Bearer " + eastChief)
        .header("Accept-Encoding", "gzip, deflate").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Encoding").map("identity"::equals).orElse(true),
        () -> response.headers().map().toString());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertEquals("retry: 5000", in.readLine());
    }
  }

  @Test
  @DisplayName("a station's chief may watch only their station; the units list is their subtree")
  void scoped() {
    assertEquals(403, server.http().get("/units/" + west + "/tallies", eastChief).status());
    assertEquals(403, server.http().get("/units/" + west + "/tallies/stream", eastChief).status());
    assertEquals(403, server.http().get("/units/" + district + "/tallies", eastChief).status());
    assertEquals(404, server.http().get("/units/" + UUID.randomUUID() + "/tallies", eastChief).status());
    String inspector = server.client().login("li", Fixtures.PASSWORD, "li-phone").token();
    assertEquals(403, server.http().get("/units/" + east + "/tallies", inspector).status());
    assertEquals(1, server.http().get("/units", eastChief).body().getJsonArray("units").size());
    assertEquals(3, server.http().get("/units", districtChief).body().getJsonArray("units").size());
  }

  @Test
  @DisplayName("phones quiet for too long, or whose outbox has waited too long, are listed with their outbox's age")
  void syncHealth() {
    Phone li = server.phone("li");
    check(li, "passed");
    Phone qian = server.phone("qian");
    qian.sync();
    Fixtures.update("UPDATE devices SET last_seen_at = now() - interval '3 hours' WHERE id = ?", li.deviceId());
    SyncClient stuck = server.client();
    stuck.login("qian", Fixtures.PASSWORD, "qian-second-phone");
    stuck.pull("", 10, 3 * 3600);

    JsonObject tallies = server.http().get("/units/" + district + "/tallies", districtChief).body();
    Map<String, JsonObject> quiet = new HashMap<>();
    tallies.getJsonArray("quietDevices").forEach(d -> quiet.put(((JsonObject) d).getString("deviceId"), (JsonObject) d));
    assertEquals(2, quiet.size(), tallies.getJsonArray("quietDevices").encodePrettily());
    assertTrue(quiet.get(li.deviceId()).getLong("quietMinutes") >= 179);
    assertNull(quiet.get(li.deviceId()).getInteger("oldestPendingSeconds"), "li's outbox was empty");
    assertTrue(quiet.get("qian-second-phone").getInteger("oldestPendingSeconds") >= 3 * 3600);
  }

  @Test
  @DisplayName("an outbox age that is not a number of seconds is 400 PARAMETER_INVALID naming the header")
  void badOutboxAge() throws Exception {
    String token = server.client().login("li", Fixtures.PASSWORD, "li-phone").token();
    for (String age : new String[] {"-5", "soon", "1.5"}) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              server.uri().resolve("/sync/pull?cursor=")).header("Authorization", "Bearer " + token)
          .header(SyncClient.OUTBOX_AGE, age).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, response.statusCode(), response.body());
      assertEquals(SyncClient.OUTBOX_AGE, new JsonObject(response.body()).getString("field"));
    }
  }
}
