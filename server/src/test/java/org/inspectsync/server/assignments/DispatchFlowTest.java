package org.inspectsync.server.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Change;
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

@DisplayName("A dispatcher's assignment reaches its inspector and moves with the checks")
class DispatchFlowTest {

  private static final TestServer server = TestServer.shared();
  private UUID li;
  private UUID first;
  private UUID second;
  private String dispatcherToken;
  private final String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    li = Fixtures.user("li", "inspector", station);
    Fixtures.user("wang", "inspector", station);
    Fixtures.user("zhao", "dispatcher", station);
    first = Fixtures.entity(station);
    second = Fixtures.entity(station);
    SyncClient dispatcher = server.client();
    dispatcher.login("zhao", Fixtures.PASSWORD, "dispatch-desk");
    dispatcherToken = dispatcher.token();
  }

  private UUID assign() {
    Http.Response created = server.http().post("/assignments", new JsonObject()
        .put("inspectorIds", new JsonArray().add(li.toString()))
        .put("entityIds", new JsonArray().add(first.toString()).add(second.toString()))
        .put("dueOn", today)
        .put("kind", "routine")
        .put("note", "morning round").encode(), dispatcherToken);
    assertEquals(201, created.status(), created.text());
    assertEquals("sent", created.body().getString("status"));
    return UUID.fromString(created.body().getString("id"));
  }

  private JsonObject listed(UUID assignment) {
    Http.Response list = server.http().get("/assignments?dueOn=" + today, dispatcherToken);
    assertEquals(200, list.status(), list.text());
    for (Object row : list.body().getJsonArray("assignments")) {
      JsonObject json = (JsonObject) row;
      if (json.getString("id").equals(assignment.toString())) {
        return json;
      }
    }
    throw new AssertionError("assignment not listed: " + list.text());
  }

  @Test
  @DisplayName("the inspector's next pull delivers it, and no other inspector's does")
  void deliveredToItsInspectorOnly() {
    UUID assignment = assign();
    Phone liPhone = server.phone("li");
    Phone wangPhone = server.phone("wang");
    liPhone.sync();
    wangPhone.sync();

    Change delivered = liPhone.records(RecordType.ASSIGNMENT).get(assignment);
    assertEquals("routine", delivered.data().get("kind"));
    assertEquals(today, delivered.data().get("dueOn"));
    assertEquals(2, ((java.util.List<?>) delivered.data().get("entityIds")).size());
    assertTrue(wangPhone.records(RecordType.ASSIGNMENT).isEmpty());
  }

  @Test
  @DisplayName("seen, then a check on each entity: sent, seen, started, done")
  void progressFollowsTheChecks() {
    UUID assignment = assign();
    Phone phone = server.phone("li");
    phone.sync();

    phone.update(RecordType.ASSIGNMENT, assignment, Map.of("status", "seen"));
    phone.sync();
    assertEquals("seen", listed(assignment).getString("status"));

    phone.create(RecordType.CHECK, Map.of("entityId", first.toString(), "assignmentId", assignment.toString(),
        "outcome", "passed"));
    phone.sync();
    assertEquals("started", listed(assignment).getString("status"));
    assertEquals(1, listed(assignment).getLong("entitiesChecked"));
    assertEquals("started", phone.records(RecordType.ASSIGNMENT).get(assignment).data().get("status"));

    phone.create(RecordType.CHECK, Map.of("entityId", second.toString(), "assignmentId", assignment.toString(),
        "outcome", "hazards_found"));
    phone.sync();
    assertEquals("done", listed(assignment).getString("status"));
    assertEquals("done", phone.records(RecordType.ASSIGNMENT).get(assignment).data().get("status"));
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
  }

  @Test
  @DisplayName("a stale 'seen' sent after the assignment started leaves it started")
  void staleStatusDoesNotGoBack() {
    UUID assignment = assign();
    Phone phone = server.phone("li");
    phone.create(RecordType.CHECK, Map.of("entityId", first.toString(), "assignmentId", assignment.toString(),
        "outcome", "passed"));
    phone.update(RecordType.ASSIGNMENT, assignment, Map.of("status", "seen"));
    phone.sync();

    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
    assertEquals("started", listed(assignment).getString("status"));
  }

  @Test
  @DisplayName("cancelled while the inspector worked offline: the check is kept, the assignment stays cancelled, "
      + "and the dispatcher sees the late check")
  void cancelledWhileDone() {
    UUID assignment = assign();
    Phone phone = server.phone("li");
    phone.sync();

    Http.Response cancelled = server.http().post("/assignments/" + assignment + "/cancel", "", dispatcherToken);
    assertEquals(200, cancelled.status(), cancelled.text());
    assertEquals("cancelled", cancelled.body().getString("status"));

    UUID check = phone.create(RecordType.CHECK, Map.of("entityId", first.toString(), "assignmentId",
        assignment.toString(), "outcome", "passed"));
    phone.update(RecordType.ASSIGNMENT, assignment, Map.of("status", "started"));
    phone.sync();

    assertEquals(1, phone.rejections().size(), () -> phone.rejections().toString());
    assertEquals("STATUS_TRANSITION_INVALID", phone.rejections().get(0).code());
    assertTrue(phone.records(RecordType.CHECK).containsKey(check), "the inspector's check is kept");
    assertEquals("cancelled", phone.records(RecordType.ASSIGNMENT).get(assignment).data().get("status"));
    JsonObject listed = listed(assignment);
    assertEquals("cancelled", listed.getString("status"));
    assertEquals(1, listed.getLong("checksAfterCancel"));
    assertEquals(1, listed.getLong("entitiesChecked"));

    Http.Response again = server.http().post("/assignments/" + assignment + "/cancel", "", dispatcherToken);
    assertEquals(200, again.status());
    assertEquals(listed.getString("cancelledAt"), again.body().getString("cancelledAt"));
    Http.Response unknown = server.http().post("/assignments/" + UUID.randomUUID() + "/cancel", "", dispatcherToken);
    assertEquals(404, unknown.status());
  }
}
