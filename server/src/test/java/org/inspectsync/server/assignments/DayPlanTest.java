package org.inspectsync.server.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Dispatchers plan a day in bulk, edit and reassign, and see per-device receipts")
class DayPlanTest {

  private static final TestServer server = TestServer.shared();
  private final String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
  private UUID li;
  private UUID wang;
  private UUID chen;
  private List<UUID> entities;
  private String dispatcher;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    li = Fixtures.user("li", "inspector", station);
    wang = Fixtures.user("wang", "inspector", station);
    chen = Fixtures.user("chen", "inspector", station);
    Fixtures.user("zhao", "dispatcher", station);
    entities = List.of(Fixtures.entity(station), Fixtures.entity(station), Fixtures.entity(station));
    dispatcher = server.client().login("zhao", Fixtures.PASSWORD, "dispatch-desk").token();
  }

  private JsonObject draft(UUID id, List<UUID> inspectors, UUID entity, boolean enforcement) {
    JsonArray people = new JsonArray();
    inspectors.forEach(person -> people.add(person.toString()));
    return new JsonObject().put("id", id.toString()).put("inspectorIds", people)
        .put("entityIds", new JsonArray().add(entity.toString())).put("dueOn", today).put("kind", "routine")
        .put("enforcement", enforcement);
  }

  private long assignments() {
    return Fixtures.count("SELECT count(*) FROM assignments");
  }

  @Test
  @DisplayName("a day plan is stored whole, its resend changes nothing, and enforcement pairs reach both phones")
  void planWholeAndIdempotent() {
    JsonArray plan = new JsonArray()
        .add(draft(UUID.randomUUID(), List.of(li, wang), entities.get(0), true))
        .add(draft(UUID.randomUUID(), List.of(chen), entities.get(1), false))
        .add(draft(UUID.randomUUID(), List.of(wang, chen), entities.get(2), true));
    String body = new JsonObject().put("assignments", plan).encode();

    Http.Response created = server.http().post("/assignments/plan", body, dispatcher);
    assertEquals(201, created.status(), created.text());
    assertEquals(3, created.body().getJsonArray("assignments").size());
    assertEquals(3, assignments());

    Http.Response resent = server.http().post("/assignments/plan", body, dispatcher);
    assertEquals(200, resent.status(), resent.text());
    assertEquals(created.body(), resent.body());
    assertEquals(3, assignments());

    Phone liPhone = server.phone("li");
    Phone wangPhone = server.phone("wang");
    UUID pair = UUID.fromString(plan.getJsonObject(0).getString("id"));
    pullUntilHeld(liPhone, pair, 1);
    pullUntilHeld(wangPhone, UUID.fromString(plan.getJsonObject(2).getString("id")), 1);
    assertEquals(1, liPhone.records(RecordType.ASSIGNMENT).size());
    assertEquals(2, wangPhone.records(RecordType.ASSIGNMENT).size());
    Change delivered = liPhone.records(RecordType.ASSIGNMENT).get(pair);
    assertEquals(List.of(li.toString(), wang.toString()), delivered.data().get("inspectorIds"));
    assertEquals(true, delivered.data().get("enforcement"));
  }

  @Test
  @DisplayName("one bad assignment refuses the whole plan, naming it by index, and stores nothing")
  void oneBadRefusesAll() {
    JsonArray plan = new JsonArray()
        .add(draft(UUID.randomUUID(), List.of(li, wang), entities.get(0), true))
        .add(draft(UUID.randomUUID(), List.of(chen), entities.get(1), false))
        .add(draft(UUID.randomUUID(), List.of(chen), UUID.randomUUID(), false));
    Http.Response refused = server.http().post("/assignments/plan",
        new JsonObject().put("assignments", plan).encode(), dispatcher);
    assertEquals(404, refused.status(), refused.text());
    assertEquals("REFERENCE_NOT_FOUND", refused.body().getString("code"));
    assertEquals("assignments[2].entityIds[0]", refused.body().getString("field"));
    assertEquals(0, assignments());

    plan.getJsonObject(2).put("entityIds", new JsonArray().add(entities.get(2).toString())).put("enforcement", true);
    refused = server.http().post("/assignments/plan", new JsonObject().put("assignments", plan).encode(), dispatcher);
    assertEquals(400, refused.status(), refused.text());
    assertEquals("assignments[2].inspectorIds", refused.body().getString("field"));

    plan.getJsonObject(2).put("id", plan.getJsonObject(0).getString("id")).put("enforcement", false);
    refused = server.http().post("/assignments/plan", new JsonObject().put("assignments", plan).encode(), dispatcher);
    assertEquals(400, refused.status(), refused.text());
    assertEquals("assignments[2].id", refused.body().getString("field"));
    assertEquals(0, assignments());
  }

  @Test
  @DisplayName("an edit needs the current version; a reassigned inspector's phone learns it was taken off")
  void editAndReassign() {
    UUID id = UUID.randomUUID();
    Http.Response created = server.http().post("/assignments", draft(id, List.of(li), entities.get(0), false).encode(),
        dispatcher);
    assertEquals(201, created.status(), created.text());
    Phone liPhone = server.phone("li");
    liPhone.sync();
    assertTrue(liPhone.records(RecordType.ASSIGNMENT).containsKey(id));

    Http.Response stale = server.http().patch("/assignments/" + id,
        new JsonObject().put("baseVersion", 7).put("note", "x").encode(), dispatcher);
    assertEquals(409, stale.status(), stale.text());
    assertEquals("VERSION_MISMATCH", stale.body().getString("code"));
    assertEquals(1, stale.body().getInteger("currentVersion"));

    Http.Response edited = server.http().patch("/assignments/" + id, new JsonObject().put("baseVersion", 1)
        .put("inspectorIds", new JsonArray().add(wang.toString()).add(chen.toString())).put("enforcement", true)
        .put("note", "complaint about expired milk").encode(), dispatcher);
    assertEquals(200, edited.status(), edited.text());
    assertEquals(2, edited.body().getInteger("version"));
    assertEquals("complaint about expired milk", edited.body().getString("note"));
    assertEquals("routine", edited.body().getString("kind"), "fields not sent stay as they were");

    pullUntilHeld(liPhone, id, 2);
    Change taken = liPhone.records(RecordType.ASSIGNMENT).get(id);
    assertEquals(2, taken.version(), "the inspector taken off still receives the change");
    assertEquals(List.of(wang.toString(), chen.toString()), taken.data().get("inspectorIds"));
    Phone wangPhone = server.phone("wang");
    wangPhone.sync();
    assertTrue(wangPhone.records(RecordType.ASSIGNMENT).containsKey(id));

    Http.Response cancelled = server.http().post("/assignments/" + id + "/cancel", "", dispatcher);
    assertEquals(200, cancelled.status(), cancelled.text());
    Http.Response closed = server.http().patch("/assignments/" + id,
        new JsonObject().put("baseVersion", cancelled.body().getInteger("version")).put("note", "y").encode(),
        dispatcher);
    assertEquals(409, closed.status(), closed.text());
    assertEquals("ASSIGNMENT_CLOSED", closed.body().getString("code"));
    Http.Response unknown = server.http().patch("/assignments/" + id,
        new JsonObject().put("baseVersion", 3).put("status", "done").encode(), dispatcher);
    assertEquals(400, unknown.status(), unknown.text());
    assertEquals("status", unknown.body().getString("field"));
    assertEquals(3, Fixtures.count("SELECT count(*) FROM audit_log WHERE subject_id = ?", id),
        "create, edit and cancel are audited");
  }

  @Test
  @DisplayName("a phone's progress report is no conflict for an office edit; another office edit is, and an empty edit"
      + " writes nothing")
  void officeEditsConflictOnlyWithOfficeWrites() {
    UUID id = UUID.randomUUID();
    assertEquals(201, server.http().post("/assignments", draft(id, List.of(li), entities.get(0), false).encode(),
        dispatcher).status());
    Phone liPhone = server.phone("li");
    pullUntilHeld(liPhone, id, 1);
    liPhone.update(RecordType.ASSIGNMENT, id, Map.of("status", "seen"));
    liPhone.sync();
    assertTrue(liPhone.rejections().isEmpty(), () -> liPhone.rejections().toString());

    Http.Response edited = server.http().patch("/assignments/" + id,
        new JsonObject().put("baseVersion", 1).put("note", "bring the thermometer").encode(), dispatcher);
    assertEquals(200, edited.status(), edited.text());
    assertEquals(3, edited.body().getInteger("version"));
    assertEquals("seen", edited.body().getString("status"));

    Http.Response unseen = server.http().patch("/assignments/" + id,
        new JsonObject().put("baseVersion", 2).put("note", "never mind").encode(), dispatcher);
    assertEquals(409, unseen.status(), unseen.text());
    assertEquals("VERSION_MISMATCH", unseen.body().getString("code"));
    assertEquals(3, unseen.body().getInteger("currentVersion"));

    Http.Response nothing = server.http().patch("/assignments/" + id,
        new JsonObject().put("baseVersion", 3).put("note", "bring the thermometer").encode(), dispatcher);
    assertEquals(200, nothing.status(), nothing.text());
    assertEquals(3, nothing.body().getInteger("version"), "an edit that changes nothing writes nothing");
    assertEquals(1, Fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'assignment.edit'"));
  }

  @Test
  @DisplayName("a check an inspector made offline before being taken off is kept and counts for the assignment")
  void workBeforeReassignmentKept() {
    UUID id = UUID.randomUUID();
    assertEquals(201, server.http().post("/assignments", draft(id, List.of(li), entities.get(0), false).encode(),
        dispatcher).status());
    Phone liPhone = server.phone("li");
    pullUntilHeld(liPhone, id, 1);
    UUID check = liPhone.create(RecordType.CHECK, Map.of("entityId", entities.get(0).toString(), "assignmentId",
        id.toString(), "outcome", "passed"));
    liPhone.update(RecordType.ASSIGNMENT, id, Map.of("status", "started"));

    assertEquals(200, server.http().patch("/assignments/" + id, new JsonObject().put("baseVersion", 1)
        .put("inspectorIds", new JsonArray().add(wang.toString())).encode(), dispatcher).status());
    liPhone.sync();

    assertTrue(liPhone.rejections().isEmpty(), () -> liPhone.rejections().toString());
    assertEquals(1, Fixtures.count("SELECT count(*) FROM market_checks WHERE id = ? AND assignment_id = ?", check, id));
    JsonObject listed = server.http().get("/assignments?dueOn=" + today, dispatcher).body()
        .getJsonArray("assignments").getJsonObject(0);
    assertEquals("done", listed.getString("status"));
    assertEquals(1, listed.getLong("entitiesChecked"));
  }

  /** Another transaction on the cluster can hold the pull horizon back for a moment; pull until it passes. */
  private static void pullUntilHeld(Phone phone, UUID assignment, int version) {
    for (int attempt = 0; attempt < 50; attempt++) {
      phone.sync();
      Change held = phone.records(RecordType.ASSIGNMENT).get(assignment);
      if (held != null && held.version() >= version) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("the phone never received version " + version + " of " + assignment);
  }

  private JsonObject receipt(UUID assignment, String deviceId) {
    Http.Response receipts = server.http().get("/assignments/" + assignment + "/receipts", dispatcher);
    assertEquals(200, receipts.status(), receipts.text());
    for (Object item : receipts.body().getJsonArray("receipts")) {
      if (((JsonObject) item).getString("deviceId").equals(deviceId)) {
        return (JsonObject) item;
      }
    }
    throw new AssertionError("no receipt for " + deviceId + ": " + receipts.text());
  }

  @Test
  @DisplayName("receipts per device: sent, delivered by pull, seen, started and done, and sent again after an edit")
  void receipts() {
    Phone phone = server.phone("li");
    phone.sync();
    UUID id = UUID.randomUUID();
    JsonObject body = draft(id, List.of(li), entities.get(0), false)
        .put("entityIds", new JsonArray().add(entities.get(0).toString()).add(entities.get(1).toString()));
    assertEquals(201, server.http().post("/assignments", body.encode(), dispatcher).status());

    JsonObject sent = receipt(id, phone.deviceId());
    assertNotNull(sent.getString("sentAt"));
    assertEquals(1, sent.getInteger("sentVersion"));
    assertNull(sent.getString("deliveredAt"));
    assertNull(sent.getString("pushedAt"), "push is off on the shared test server");

    pullUntilHeld(phone, id, 1);
    JsonObject delivered = receipt(id, phone.deviceId());
    assertEquals(1, delivered.getInteger("deliveredVersion"));
    assertTrue(delivered.getBoolean("upToDate"));
    assertNull(delivered.getString("seenAt"));

    phone.update(RecordType.ASSIGNMENT, id, Map.of("status", "seen"));
    phone.sync();
    assertNotNull(receipt(id, phone.deviceId()).getString("seenAt"));
    assertNull(receipt(id, phone.deviceId()).getString("startedAt"));

    phone.create(RecordType.CHECK, Map.of("entityId", entities.get(0).toString(), "assignmentId", id.toString(),
        "outcome", "passed"));
    phone.sync();
    JsonObject started = receipt(id, phone.deviceId());
    assertNotNull(started.getString("startedAt"));
    assertNull(started.getString("doneAt"));

    int version = server.http().get("/assignments?dueOn=" + today, dispatcher).body().getJsonArray("assignments")
        .getJsonObject(0).getInteger("version");
    assertEquals(200, server.http().patch("/assignments/" + id,
        new JsonObject().put("baseVersion", version).put("note", "also the back room").encode(), dispatcher).status());
    JsonObject resent = receipt(id, phone.deviceId());
    assertEquals(version + 1, resent.getInteger("sentVersion"));
    assertFalse(resent.getBoolean("upToDate"), "the edit has not been pulled yet");

    phone.create(RecordType.CHECK, Map.of("entityId", entities.get(1).toString(), "assignmentId", id.toString(),
        "outcome", "passed"));
    phone.sync();
    JsonObject done = receipt(id, phone.deviceId());
    assertNotNull(done.getString("doneAt"));
    assertTrue(done.getBoolean("upToDate"));
    assertEquals(started.getString("startedAt"), done.getString("startedAt"), "each moment is kept once");
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
  }
}
