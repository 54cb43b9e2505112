package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.Mutation;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A phone pushes its day and pulls it back")
class PushPullTest {

  private static final TestServer server = TestServer.shared();
  private UUID station;
  private UUID entity;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    station = Fixtures.station("east");
    Fixtures.user("li", "inspector", station);
    Fixtures.user("wang", "inspector", station);
    entity = Fixtures.entity(station);
  }

  @Test
  @DisplayName("a check, its finding and its notice written offline reach another phone of the station")
  void checkFindingNoticeRoundTrip() {
    Phone li = server.phone("li");
    UUID check = li.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found",
        "items", List.of(Map.of("code", "ledger", "result", "fail", "remark", "no purchase ledger"),
            Map.of("code", "licence", "result", "pass"))));
    UUID finding = li.create(RecordType.FINDING, Map.of("checkId", check.toString(), "category", "food_safety",
        "severity", "high", "description", "unlabelled aquatic products"));
    li.create(RecordType.NOTICE, Map.of("checkId", check.toString(), "requiredActions", "keep a purchase ledger",
        "issuedOn", "2026-11-22", "deadlineDays", 7));
    li.sync();

    assertTrue(li.rejections().isEmpty(), () -> li.rejections().toString());
    assertTrue(li.seesOwnWrites());
    Phone wang = server.phone("wang");
    wang.sync();
    Change pulledCheck = wang.records(RecordType.CHECK).get(check);
    assertEquals(2, ((List<?>) pulledCheck.data().get("items")).size());
    assertEquals(entity.toString(), wang.records(RecordType.FINDING).get(finding).data().get("entityId"));
    assertEquals(1, wang.records(RecordType.NOTICE).size());
    assertEquals("2026-11-29", wang.records(RecordType.NOTICE).values().iterator().next().data().get("dueOn"));
  }

  @Test
  @DisplayName("a replayed batch changes nothing and gets the same answers")
  void replay() {
    Phone li = server.phone("li");
    PushRequest batch = new PushRequest(List.of(
        Mutation.create(1, RecordType.ENTITY, UUID.randomUUID(), Map.of("name", "老王熟食店",
            "creditCode", Fixtures.creditCode(), "category", "food_stall")),
        Mutation.create(2, RecordType.ENTITY, UUID.randomUUID(), Map.of("name", "bad code",
            "creditCode", "91350100M000100Y44", "category", "food_stall"))));
    PushResponse first = li.client().push(batch);
    PushResponse again = li.client().push(batch);
    assertEquals(first.results(), again.results());
    assertEquals(MutationResult.Status.rejected, first.results().get(1).status());
    assertEquals("CREDIT_CODE_INVALID", first.results().get(1).code());
    assertEquals(2, Fixtures.count("SELECT count(*) FROM business_entities"));
  }
}
