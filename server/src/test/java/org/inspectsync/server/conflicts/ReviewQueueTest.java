package org.inspectsync.server.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A supervisor reviews the values that lost, and the decision reaches every phone")
class ReviewQueueTest {

  private static final TestServer server = TestServer.shared();
  private Phone li;
  private Phone wang;
  private String supervisor;
  private String otherSupervisor;
  private UUID finding;

  @BeforeEach
  void twoPhonesOneFinding() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    UUID west = Fixtures.station("west");
    Fixtures.user("li", "inspector", station);
    Fixtures.user("wang", "inspector", station);
    Fixtures.user("chen", "supervisor", station);
    Fixtures.user("zhou", "supervisor", west);
    UUID entity = Fixtures.entity(station);
    li = server.phone("li");
    wang = server.phone("wang");
    UUID check = li.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    finding = li.create(RecordType.FINDING, Map.of("checkId", check.toString(), "category", "hygiene",
        "severity", "medium", "description", "first look"));
    li.sync();
    wang.sync();
    supervisor = login("chen");
    otherSupervisor = login("zhou");
  }

  private static String login(String username) {
    SyncClient client = server.client();
    client.login(username, Fixtures.PASSWORD, "desk-" + username);
    return client.token();
  }

  private JsonArray queue(String token, String status) {
    Http.Response response = server.http().get("/conflicts?status=" + status, token);
    assertEquals(200, response.status(), response.text());
    return response.body().getJsonArray("conflicts");
  }

  /** Both phones change the description offline; one of the two values loses. */
  private JsonObject concurrentEdit() {
    li.update(RecordType.FINDING, finding, Map.of("description", "li: drains blocked"));
    wang.update(RecordType.FINDING, finding, Map.of("description", "wang: drains blocked, rats seen"));
    li.push();
    wang.push();
    JsonArray open = queue(supervisor, "open");
    assertEquals(1, open.size(), open::encodePrettily);
    return open.getJsonObject(0);
  }

  @Test
  @DisplayName("the queue shows the lost value with who, from which device, when, and the value now")
  void provenance() {
    JsonObject conflict = concurrentEdit();
    String lost = conflict.getString("lostValue");
    String current = conflict.getJsonObject("record").getString("currentValue");
    assertEquals("field", conflict.getString("kind"));
    assertEquals("description", conflict.getString("field"));
    assertEquals(finding.toString(), conflict.getString("recordId"));
    assertTrue(List.of("li: drains blocked", "wang: drains blocked, rats seen").containsAll(List.of(lost, current)));
    assertFalse(lost.equals(current));
    String loser = lost.startsWith("li") ? "li" : "wang";
    assertEquals(loser, conflict.getJsonObject("lostBy").getString("username"));
    assertEquals((loser.equals("li") ? li : wang).deviceId(), conflict.getJsonObject("lostBy").getString("deviceId"));
    assertTrue(conflict.getJsonObject("lostBy").getString("deviceTime") != null, "the phone's clock is shown");
    assertTrue(conflict.getString("detectedAt") != null);
    Phone losingPhone = loser.equals("li") ? li : wang;
    assertTrue(losingPhone.rejections().isEmpty());
    assertTrue(queue(otherSupervisor, "open").isEmpty(), "another station's supervisor sees nothing");
  }

  @Test
  @DisplayName("a value entered by the reviewer becomes a new version that every phone pulls")
  void resolutionReachesPhones() {
    JsonObject conflict = concurrentEdit();
    int before = conflict.getJsonObject("record").getInteger("version");
    Http.Response resolved = server.http().post("/conflicts/" + conflict.getString("id") + "/resolve",
        new JsonObject().put("value", "drains blocked, rats seen (checked by chen)").encode(), supervisor);
    assertEquals(200, resolved.status(), resolved.text());

    li.sync();
    wang.sync();
    for (Phone phone : List.of(li, wang)) {
      assertEquals("drains blocked, rats seen (checked by chen)",
          phone.records(RecordType.FINDING).get(finding).data().get("description"));
      assertTrue(phone.records(RecordType.FINDING).get(finding).version() > before);
    }
    assertTrue(queue(supervisor, "open").isEmpty());
    assertEquals(1, queue(supervisor, "resolved").size());

    Http.Response again = server.http().post("/conflicts/" + conflict.getString("id") + "/resolve",
        new JsonObject().put("keep", true).encode(), supervisor);
    assertEquals(409, again.status());
    assertEquals("CONFLICT_RESOLVED", again.body().getString("code"));
  }

  @Test
  @DisplayName("a reviewer of another station may not resolve it, and bad decisions are 4xx")
  void scopeAndBadDecisions() {
    String id = concurrentEdit().getString("id");
    Http.Response foreign = server.http().post("/conflicts/" + id + "/resolve",
        new JsonObject().put("keep", true).encode(), otherSupervisor);
    assertEquals(403, foreign.status());
    Http.Response badValue = server.http().post("/conflicts/" + id + "/resolve",
        new JsonObject().put("value", 42).encode(), supervisor);
    assertEquals(400, badValue.status());
    assertEquals("FIELD_WRONG_TYPE", badValue.body().getString("code"));
    assertEquals("value", badValue.body().getString("field"));
    Http.Response twoDecisions = server.http().post("/conflicts/" + id + "/resolve",
        new JsonObject().put("keep", true).put("value", "x").encode(), supervisor);
    assertEquals(400, twoDecisions.status());
    Http.Response missing = server.http().post("/conflicts/" + UUID.randomUUID() + "/resolve",
        new JsonObject().put("keep", true).encode(), supervisor);
    assertEquals(404, missing.status());
    Http.Response inspector = server.http().get("/conflicts", li.client().token());
    assertEquals(403, inspector.status());
    assertEquals(1, queue(supervisor, "open").size(), "nothing was resolved by the refused calls");
  }

  @Test
  @DisplayName("a delete that lost to a later edit keeps the record; the reviewer may delete it after all")
  void deleteAgainstEdit() {
    wang.update(RecordType.FINDING, finding, Map.of("description", "worse than thought"));
    wang.push();
    li.delete(RecordType.FINDING, finding);
    li.push();

    JsonArray open = queue(supervisor, "open");
    assertEquals(1, open.size(), open::encodePrettily);
    assertEquals("delete", open.getJsonObject(0).getString("kind"));
    assertEquals("li", open.getJsonObject(0).getJsonObject("lostBy").getString("username"));
    assertFalse(open.getJsonObject(0).getJsonObject("record").getBoolean("deleted"));
    li.sync();
    assertEquals("worse than thought", li.records(RecordType.FINDING).get(finding).data().get("description"));

    Http.Response resolved = server.http().post("/conflicts/" + open.getJsonObject(0).getString("id") + "/resolve",
        new JsonObject().put("delete", true).encode(), supervisor);
    assertEquals(200, resolved.status(), resolved.text());
    wang.sync();
    assertFalse(wang.records(RecordType.FINDING).containsKey(finding), "the tombstone reached the phone");
  }

  @Test
  @DisplayName("an edit that arrives after a delete is kept for review, and restoring brings the record back")
  void editAfterDelete() {
    li.delete(RecordType.FINDING, finding);
    li.push();
    wang.update(RecordType.FINDING, finding, Map.of("severity", "critical"));
    wang.push();

    JsonArray open = queue(supervisor, "open");
    assertEquals(1, open.size(), open::encodePrettily);
    JsonObject conflict = open.getJsonObject(0);
    assertEquals("edit_of_deleted", conflict.getString("kind"));
    assertEquals("critical", conflict.getString("lostValue"));

    Http.Response restored = server.http().post("/conflicts/" + conflict.getString("id") + "/resolve",
        new JsonObject().put("value", "critical").encode(), supervisor);
    assertEquals(200, restored.status(), restored.text());
    li.sync();
    assertEquals("critical", li.records(RecordType.FINDING).get(finding).data().get("severity"));
  }

  @Test
  @DisplayName("the losing phone is told which of its values did not win, and a replay says the same")
  void losingPhoneIsTold() {
    li.update(RecordType.FINDING, finding, Map.of("description", "li: drains blocked"));
    wang.update(RecordType.FINDING, finding, Map.of("description", "wang: drains blocked, rats seen"));
    li.push();
    var wangBatch = new org.inspectsync.protocol.PushRequest(List.of(org.inspectsync.protocol.Mutation.update(1,
        RecordType.FINDING, finding, 1, Map.of("description", "wang: third try"))));
    SyncClient fresh = server.client();
    fresh.login("wang", Fixtures.PASSWORD, "wang-second-phone");
    MutationResult first = fresh.push(wangBatch).results().get(0);
    MutationResult replay = fresh.push(wangBatch).results().get(0);
    assertEquals(first, replay);
    String lostTo = queue(supervisor, "open").stream().map(JsonObject.class::cast)
        .filter(c -> c.getJsonObject("lostBy").getString("deviceId").equals("wang-second-phone"))
        .findFirst().map(c -> "lost").orElse("won");
    assertEquals(lostTo.equals("lost") ? List.of("description") : null, first.conflicts());
  }
}
