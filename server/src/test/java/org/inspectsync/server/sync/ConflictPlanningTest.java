package org.inspectsync.server.sync;

import static org.inspectsync.server.sync.BatchPlannerTest.EAST;
import static org.inspectsync.server.sync.BatchPlannerTest.INSPECTOR_LI;
import static org.inspectsync.server.sync.BatchPlannerTest.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.conflicts.Author;
import org.inspectsync.server.conflicts.FieldState;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The planner's conflict rules, on hand-built records: no database. */
@DisplayName("Planning against what others wrote")
class ConflictPlanningTest {

  private static final UUID CHECK = UUID.fromString("11111111-2222-3333-4444-000000000001");
  private static final UUID NOTICE = UUID.fromString("11111111-2222-3333-4444-000000000002");
  private static final UUID FINDING = UUID.fromString("11111111-2222-3333-4444-000000000003");
  private static final UUID ENTITY = UUID.fromString("11111111-2222-3333-4444-000000000004");
  private static final Author WANG = new Author(UUID.randomUUID(), "wang-phone", 1, 9, null);

  /** A record at version 3 whose fields were last written, at version 3, by wang's phone. */
  private static KnownRecord written(RecordType type, UUID id, String status, JsonObject data) {
    JsonObject states = new JsonObject();
    data.fieldNames().forEach(name -> states.put(name, new FieldState(3, List.of(WANG), List.of()).toJson()));
    return new KnownRecord(type, id, EAST, false, ENTITY, status, null, 3, data, states);
  }

  private static BatchPlanner.Plan plan(Actor actor, KnownRecord record, String op, int base, String data) {
    var json = new JsonObject().put("seq", 1).put("type", record.type().wireName()).put("op", op)
        .put("id", record.id().toString()).put("baseVersion", base);
    if (data != null) {
      json.put("data", new JsonObject(data));
    }
    return BatchPlanner.plan(actor, List.of(MutationDecoder.decodeOne(1, json)), Map.of(record.key(), record));
  }

  @ParameterizedTest(name = "base {0}: {1}")
  @CsvSource({
      "3, applied without conflict",   // saw wang's write
      "2, lost to wang",               // did not: concurrent, and li-phone < wang-phone
  })
  @DisplayName("an update concurrent with another phone's write of the same field is decided clock-free")
  void concurrentField(int base, String expected) {
    KnownRecord finding = written(RecordType.FINDING, FINDING, "found", new JsonObject().put("description", "wang's"));
    BatchPlanner.Plan plan = plan(INSPECTOR_LI, finding, "update", base, "{\"description\": \"li's\"}");
    MutationResult result = plan.results().get(0);
    if (expected.startsWith("applied")) {
      assertEquals(MutationResult.applied(1), result);
      assertTrue(plan.conflicts().isEmpty());
    } else {
      assertEquals(MutationResult.applied(1, List.of("description")), result);
      assertEquals("li's", plan.conflicts().get(0).lostValue());
      assertEquals("li-phone", plan.conflicts().get(0).lost().deviceId());
    }
  }

  @Test
  @DisplayName("a supervisor's concurrent write wins over an inspector's, and the inspector's value is kept")
  void rankWins() {
    KnownRecord finding = written(RecordType.FINDING, FINDING, "found", new JsonObject().put("description", "wang's"));
    Actor chen = new Actor(UUID.randomUUID(), "chen", Role.supervisor, EAST, "aaa-desk");
    BatchPlanner.Plan plan = plan(chen, finding, "update", 2, "{\"description\": \"chen's\"}");
    assertEquals(MutationResult.applied(1), plan.results().get(0));
    assertEquals("wang's", plan.conflicts().get(0).lostValue());
    assertEquals(WANG, plan.conflicts().get(0).lost());
  }

  @Test
  @DisplayName("an issued notice's document fields are refused; its status and photos are not")
  void noticeIsADocument() {
    KnownRecord notice = written(RecordType.NOTICE, NOTICE, "issued",
        new JsonObject().put("requiredActions", "ledger").put("photos", new JsonArray()));
    assertEquals("DOCUMENT_IMMUTABLE",
        plan(INSPECTOR_LI, notice, "update", 3, "{\"deadlineDays\": 30}").results().get(0).code());
    assertEquals(MutationResult.applied(1),
        plan(INSPECTOR_LI, notice, "update", 3, "{\"status\": \"rectified\", \"photos\": [\"" + "d".repeat(64)
            + "\"]}").results().get(0));
    MutationResult delete = plan(INSPECTOR_LI, notice, "delete", 3, null).results().get(0);
    assertEquals("DOCUMENT_IMMUTABLE", delete.code());
    assertEquals("op", delete.field());
  }

  @ParameterizedTest(name = "signed={0}, change {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "false | {\"outcome\": \"passed\"} | applied",
      "true  | {\"outcome\": \"passed\"} | DOCUMENT_IMMUTABLE",
      "true  | {\"signed\": false}       | DOCUMENT_IMMUTABLE",
      "true  | {\"signed\": true}        | applied",
      "true  | {\"photos\": []}          | applied",
  })
  @DisplayName("a check becomes a document when signed")
  void signedCheck(boolean signed, String change, String expected) {
    KnownRecord check = written(RecordType.CHECK, CHECK, null, new JsonObject().put("outcome", "hazards_found")
        .put("signed", signed).put("photos", new JsonArray()));
    MutationResult result = plan(INSPECTOR_LI, check, "update", 3, change).results().get(0);
    assertEquals(expected, result.applied() ? "applied" : result.code());
  }

  @Test
  @DisplayName("photo sets merge by union, sorted, whatever the base version")
  void photosUnion() {
    KnownRecord check = written(RecordType.CHECK, CHECK, null, new JsonObject().put("signed", false)
        .put("photos", new JsonArray().add("b".repeat(64))));
    BatchPlanner.Plan plan = plan(INSPECTOR_LI, check, "update", 1,
        "{\"photos\": [\"" + "c".repeat(64) + "\", \"" + "a".repeat(64) + "\"]}");
    assertEquals(MutationResult.applied(1), plan.results().get(0));
    assertTrue(plan.conflicts().isEmpty());
    String[] bound = (String[]) plan.statements().get(0).params().getValue(1);
    assertEquals(List.of("a".repeat(64), "b".repeat(64), "c".repeat(64)), List.of(bound));
  }

  @ParameterizedTest(name = "deleter base {0}: {1}")
  @CsvSource({"3, deleted", "2, kept"})
  @DisplayName("a delete loses to an edit it did not see, and the record stays")
  void deleteAgainstEdit(int base, String expected) {
    KnownRecord finding = written(RecordType.FINDING, FINDING, "found", new JsonObject().put("description", "wang's"));
    BatchPlanner.Plan plan = plan(INSPECTOR_LI, finding, "delete", base, null);
    if (expected.equals("deleted")) {
      assertEquals(MutationResult.applied(1), plan.results().get(0));
      assertTrue(plan.statements().get(0).sql().contains("SET deleted = true"));
    } else {
      assertEquals(MutationResult.applied(1, List.of("deleted")), plan.results().get(0));
      assertTrue(plan.statements().isEmpty());
      assertEquals("delete", plan.conflicts().get(0).kind());
    }
  }

  @Test
  @DisplayName("a create that supersedes a document marks it, and a superseded one cannot be superseded again")
  void supersedes() {
    KnownRecord notice = written(RecordType.NOTICE, NOTICE, "issued", new JsonObject().put("requiredActions", "x"));
    UUID correction = UUID.randomUUID();
    String data = "{\"checkId\": \"" + CHECK + "\", \"requiredActions\": \"y\", \"issuedOn\": \"2026-11-22\","
        + " \"deadlineDays\": 7, \"supersedes\": \"" + NOTICE + "\"}";
    KnownRecord check = new KnownRecord(RecordType.CHECK, CHECK, EAST, false, ENTITY, null, null);
    BatchPlanner.Plan plan = BatchPlanner.plan(INSPECTOR_LI, List.of(mutation(1, "notice", "create", correction, data)),
        Map.of(notice.key(), notice, check.key(), check));
    assertEquals(MutationResult.applied(1), plan.results().get(0));
    assertTrue(plan.statements().get(1).sql().contains("superseded_by"), plan.statements().get(1).sql());

    KnownRecord superseded = new KnownRecord(RecordType.NOTICE, NOTICE, EAST, false, ENTITY, "issued", null, 4,
        new JsonObject().put("supersededBy", correction.toString()), new JsonObject());
    BatchPlanner.Plan again = BatchPlanner.plan(INSPECTOR_LI, List.of(mutation(1, "notice", "create",
        UUID.randomUUID(), data)), Map.of(superseded.key(), superseded, check.key(), check));
    assertEquals("DOCUMENT_SUPERSEDED", again.results().get(0).code());
  }
}
