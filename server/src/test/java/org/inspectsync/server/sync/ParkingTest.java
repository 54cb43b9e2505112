package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Mutation;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
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

@DisplayName("A mutation that arrives before what it needs waits, and is applied when it arrives")
class ParkingTest {

  private static final TestServer server = TestServer.shared();
  private UUID entity;
  private Phone li;
  private SyncClient wang;
  private String supervisor;

  @BeforeEach
  void station() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    Fixtures.user("li", "inspector", station);
    Fixtures.user("wang", "inspector", station);
    Fixtures.user("chen", "supervisor", station);
    entity = Fixtures.entity(station);
    li = server.phone("li");
    wang = server.client();
    wang.login("wang", Fixtures.PASSWORD, "wang-phone");
    SyncClient desk = server.client();
    desk.login("chen", Fixtures.PASSWORD, "chen-desk");
    supervisor = desk.token();
  }

  private JsonArray backlog(String status) {
    Http.Response response = server.http().get("/parked?status=" + status, supervisor);
    assertEquals(200, response.status(), response.text());
    return response.body().getJsonArray("parked");
  }

  @Test
  @DisplayName("wang's finding on li's unsynced check waits, shows in the backlog, and applies when the check arrives")
  void findingBeforeItsCheck() {
    // li made a check offline and has not synced; wang, beside li, records a finding on it and syncs first.
    UUID check = li.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    UUID finding = UUID.randomUUID();
    PushRequest wangBatch = new PushRequest(List.of(
        Mutation.create(1, RecordType.FINDING, finding, Map.of("checkId", check.toString(), "category", "hygiene",
            "severity", "high")),
        Mutation.update(2, RecordType.FINDING, finding, 1, Map.of("description", "rats seen"))));
    PushResponse first = wang.push(wangBatch);

    assertEquals(List.of(MutationResult.Status.parked, MutationResult.Status.parked),
        first.results().stream().map(MutationResult::status).toList());
    assertEquals("data.checkId", first.results().get(0).field());
    assertEquals(2, first.lastSeq(), "parked mutations are settled: the phone's queue moves on");
    assertEquals(first, wang.push(wangBatch), "a replay answers the same");
    JsonArray waiting = backlog("parked");
    assertEquals(2, waiting.size(), waiting::encodePrettily);
    assertEquals(check.toString(), waiting.getJsonObject(0).getJsonObject("waitingFor").getString("id"));
    assertEquals("wang", waiting.getJsonObject(0).getString("username"));
    assertEquals(0, Fixtures.count("SELECT count(*) FROM hazard_findings"));

    li.sync();

    assertTrue(li.rejections().isEmpty(), () -> li.rejections().toString());
    var pulled = li.records(RecordType.FINDING).get(finding);
    assertEquals("rats seen", pulled.data().get("description"), "the chained update applied after the create");
    assertEquals(entity.toString(), pulled.data().get("entityId"));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM hazard_findings WHERE created_by = (SELECT id FROM users"
        + " WHERE username = 'wang')"), "applied in the name of the phone that sent it");
    assertTrue(backlog("parked").isEmpty());
    assertEquals(2, backlog("applied").size());
  }

  @Test
  @DisplayName("what never resolves expires after the time-out and stays in the backlog, never forgotten")
  void expiry() {
    UUID never = UUID.randomUUID();
    wang.push(new PushRequest(List.of(Mutation.update(1, RecordType.ENTITY, never, 1, Map.of("name", "ghost")))));
    TestDatabase.execute("UPDATE parked_mutations SET parked_at = now() - interval '8 days'");

    int expired = ParkedHandlers.expire(server.server().pool(), 7).await();

    assertEquals(1, expired);
    JsonArray gone = backlog("expired");
    assertEquals(1, gone.size());
    JsonObject mutation = gone.getJsonObject(0).getJsonObject("mutation");
    assertEquals("ghost", mutation.getJsonObject("data").getString("name"), "the content is kept");
    assertTrue(backlog("parked").isEmpty());
  }

  @Test
  @DisplayName("a record that exists but is another station's or deleted is refused, not parked")
  void existingButUnreachableIsRefused() {
    UUID west = Fixtures.station("west");
    UUID westEntity = Fixtures.entity(west);
    PushResponse response = wang.push(new PushRequest(List.of(Mutation.create(1, RecordType.CHECK,
        UUID.randomUUID(), Map.of("entityId", westEntity.toString(), "outcome", "passed")))));
    assertEquals("REFERENCE_NOT_FOUND", response.results().get(0).code());
    assertTrue(backlog("parked").isEmpty());
  }
}
