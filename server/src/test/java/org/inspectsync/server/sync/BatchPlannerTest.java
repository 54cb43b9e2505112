package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;
import org.inspectsync.server.records.RecordSql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner sees the database only through the known-records map, so each case builds that
 * map by hand: two stations, east (the caller's) and west, with live and deleted records.
 */
@DisplayName("Planning a batch")
class BatchPlannerTest {

  static final UUID EAST = UUID.fromString("00000000-0000-0000-0000-00000000ea57");
  static final UUID WEST = UUID.fromString("00000000-0000-0000-0000-000000000e57");
  static final UUID LI = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
  static final UUID WANG = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
  static final UUID DISPATCHER = UUID.fromString("00000000-0000-0000-0000-0000000000d1");

  static final Actor INSPECTOR_LI = new Actor(LI, "li", Role.inspector, EAST, "li-phone");
  static final Actor DISPATCHER_EAST = new Actor(DISPATCHER, "zhou", Role.dispatcher, EAST, "zhou-desk");

  // Records already in the database.
  static final UUID ENTITY = id("e1");
  static final UUID ENTITY_DELETED = id("e2");
  static final UUID ENTITY_WEST = id("e3");
  static final UUID CHECK = id("c1");
  static final UUID CHECK_DELETED = id("c2");
  static final UUID CHECK_WEST = id("c3");
  static final UUID FINDING_ORDERED = id("f1");
  static final UUID FINDING_DELETED = id("f2");
  static final UUID FINDING_WEST = id("f3");
  static final UUID NOTICE = id("b1");
  static final UUID ASSIGNMENT_LI = id("a1");
  static final UUID ASSIGNMENT_WANG = id("a2");
  static final UUID ASSIGNMENT_CANCELLED = id("a3");

  // Records that do not exist yet.
  static final UUID NEW_1 = id("01");
  static final UUID NEW_2 = id("02");
  static final UUID NEW_3 = id("03");
  static final UUID NEW_4 = id("04");
  static final UUID MISSING = id("99");

  static UUID id(String tail) {
    return UUID.fromString("11111111-2222-3333-4444-5555555555" + tail);
  }

  private Map<KnownRecord.Key, KnownRecord> known;

  @BeforeEach
  void database() {
    known = new HashMap<>();
    put(RecordType.ENTITY, ENTITY, EAST, false, null, null, null);
    put(RecordType.ENTITY, ENTITY_DELETED, EAST, true, null, null, null);
    put(RecordType.ENTITY, ENTITY_WEST, WEST, false, null, null, null);
    put(RecordType.CHECK, CHECK, EAST, false, ENTITY, null, null);
    put(RecordType.CHECK, CHECK_DELETED, EAST, true, ENTITY, null, null);
    put(RecordType.CHECK, CHECK_WEST, WEST, false, ENTITY_WEST, null, null);
    put(RecordType.FINDING, FINDING_ORDERED, EAST, false, ENTITY, "ordered", null);
    put(RecordType.FINDING, FINDING_DELETED, EAST, true, ENTITY, "found", null);
    put(RecordType.FINDING, FINDING_WEST, WEST, false, ENTITY_WEST, "found", null);
    put(RecordType.NOTICE, NOTICE, EAST, false, ENTITY, "issued", null);
    put(RecordType.ASSIGNMENT, ASSIGNMENT_LI, EAST, false, null, "sent", LI);
    put(RecordType.ASSIGNMENT, ASSIGNMENT_WANG, EAST, false, null, "sent", WANG);
    put(RecordType.ASSIGNMENT, ASSIGNMENT_CANCELLED, EAST, false, null, "cancelled", LI);
  }

  private void put(RecordType type, UUID id, UUID station, boolean deleted, UUID entity, String status, UUID owner) {
    KnownRecord record = new KnownRecord(type, id, station, deleted, entity, status,
        owner == null ? List.of() : List.of(owner));
    known.put(record.key(), record);
  }

  // ---- Building mutations the way the decoder hands them over. ----

  static DecodedMutation mutation(long seq, String type, String op, UUID id, String data) {
    JsonObject json = new JsonObject().put("seq", seq).put("type", type).put("op", op).put("id", id.toString());
    if (!op.equals("create")) {
      json.put("baseVersion", 1);
    }
    if (data != null) {
      json.put("data", new JsonObject(data));
    }
    return MutationDecoder.decodeOne(seq, json);
  }

  static DecodedMutation createEntity(long seq, UUID id) {
    return mutation(seq, "entity", "create", id,
        "{\"name\": \"老王熟食店\", \"creditCode\": \"91440300708461136T\", \"category\": \"food_stall\"}");
  }

  static DecodedMutation createCheck(long seq, UUID id, UUID entity) {
    return mutation(seq, "check", "create", id, "{\"entityId\": \"" + entity + "\", \"outcome\": \"hazards_found\"}");
  }

  static DecodedMutation createFinding(long seq, UUID id, UUID check) {
    return mutation(seq, "finding", "create", id,
        "{\"checkId\": \"" + check + "\", \"category\": \"food_safety\", \"severity\": \"high\"}");
  }

  static DecodedMutation createNotice(long seq, UUID id, UUID check) {
    return mutation(seq, "notice", "create", id, "{\"checkId\": \"" + check
        + "\", \"requiredActions\": \"keep a purchase ledger\", \"issuedOn\": \"2026-11-22\", \"deadlineDays\": 7}");
  }

  static DecodedMutation status(long seq, String type, UUID id, String status) {
    return mutation(seq, type, "update", id, "{\"status\": \"" + status + "\"}");
  }

  private BatchPlanner.Plan plan(Actor actor, DecodedMutation... mutations) {
    return BatchPlanner.plan(actor, List.of(mutations), known);
  }

  private BatchPlanner.Plan plan(DecodedMutation... mutations) {
    return plan(INSPECTOR_LI, mutations);
  }

  // ---- Reading the plan. ----

  /** The columns an INSERT sets, by name, with the values it binds. */
  static Map<String, Object> inserted(Statement statement) {
    String sql = statement.sql();
    assertTrue(sql.startsWith("INSERT INTO "), sql);
    String[] names = sql.substring(sql.indexOf('(') + 1, sql.indexOf(')')).split(", ");
    assertEquals(names.length, statement.params().size(), sql);
    Map<String, Object> columns = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      columns.put(names[i], statement.params().getValue(i));
    }
    return columns;
  }

  /**
   * The columns an UPDATE sets ($1 is the id), by name, with the values it binds; the merge
   * states in field_stamps are left out (ConflictPlanningTest covers them).
   */
  static Map<String, Object> updated(Statement statement) {
    String sql = statement.sql();
    assertTrue(sql.startsWith("UPDATE ") && sql.contains(" SET ") && sql.endsWith(" WHERE id = $1"), sql);
    Map<String, Object> columns = new LinkedHashMap<>();
    String sets = sql.substring(sql.indexOf(" SET ") + 5, sql.indexOf(" WHERE "));
    for (String set : sets.split(", ")) {
      String[] parts = set.split(" = \\$");
      columns.put(parts[0], statement.params().getValue(Integer.parseInt(parts[1]) - 1));
    }
    columns.remove("field_stamps");
    return columns;
  }

  /** "INSERT table", "UPDATE table" or "DELETE table". */
  static String describe(Statement statement) {
    String[] words = statement.sql().strip().split("\\s+");
    return words[0] + " " + (words[0].equals("UPDATE") ? words[1] : words[2]);
  }

  static String table(Statement statement) {
    String sql = statement.sql();
    String rest = sql.startsWith("INSERT INTO ") ? sql.substring(12) : sql.startsWith("UPDATE ") ? sql.substring(7) : sql;
    return rest.substring(0, rest.indexOf(' '));
  }

  static void assertApplied(BatchPlanner.Plan plan, long... seqs) {
    for (long seq : seqs) {
      MutationResult result = result(plan, seq);
      assertEquals(MutationResult.applied(seq), result);
    }
  }

  static void assertRejected(BatchPlanner.Plan plan, long seq, ErrorCode code, String field) {
    MutationResult result = result(plan, seq);
    assertEquals(MutationResult.Status.rejected, result.status(), result::toString);
    assertEquals(code.name(), result.code(), result::toString);
    assertEquals(field, result.field(), result::toString);
    assertFalse(result.message().isBlank());
    assertTrue(plan.worthRecording().contains(result), "a rejection is recorded for replays");
  }

  static MutationResult result(BatchPlanner.Plan plan, long seq) {
    return plan.results().stream().filter(r -> r.seq() == seq).findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + seq));
  }

  // ---- Cases. ----

  @Test
  @DisplayName("a create then an update of the same record in one batch both apply, in order")
  void createThenUpdate() {
    BatchPlanner.Plan plan = plan(createEntity(1, NEW_1),
        mutation(2, "entity", "update", NEW_1, "{\"name\": \"老王熟食店 (new sign)\", \"riskLevel\": \"high\"}"));

    assertApplied(plan, 1, 2);
    assertEquals(2, plan.statements().size());
    Map<String, Object> insert = inserted(plan.statements().get(0));
    assertEquals("business_entities", table(plan.statements().get(0)));
    assertEquals(NEW_1, insert.get("id"));
    assertEquals(EAST, insert.get("station_id"));
    assertEquals(LI, insert.get("created_by"));
    assertEquals(LI, insert.get("updated_by"));
    assertEquals("老王熟食店", insert.get("name"));
    assertEquals("91440300708461136T", insert.get("credit_code"));
    assertEquals("food_stall", insert.get("category"));
    assertEquals("business_entities", table(plan.statements().get(1)));
    assertEquals(NEW_1, plan.statements().get(1).params().getValue(0));
    assertEquals(Map.of("name", "老王熟食店 (new sign)", "risk_level", "high", "updated_by", LI),
        updated(plan.statements().get(1)));
    assertTrue(plan.worthRecording().isEmpty());
  }

  @Test
  @DisplayName("a finding and a notice may refer to a check created earlier in the batch and take its entity")
  void referenceToRecordCreatedInBatch() {
    BatchPlanner.Plan plan = plan(createEntity(1, NEW_1), createCheck(2, NEW_2, NEW_1), createFinding(3, NEW_3, NEW_2),
        createNotice(4, NEW_4, NEW_2));

    assertApplied(plan, 1, 2, 3, 4);
    List<Statement> statements = plan.statements();
    assertEquals(List.of("business_entities", "market_checks", "hazard_findings", "rectification_notices"),
        statements.stream().map(BatchPlannerTest::table).toList());
    assertEquals(NEW_1, inserted(statements.get(1)).get("entity_id"));
    assertEquals(NEW_2, inserted(statements.get(2)).get("check_id"));
    assertEquals(NEW_1, inserted(statements.get(2)).get("entity_id"));
    assertEquals(NEW_1, inserted(statements.get(3)).get("entity_id"));
  }

  @Test
  @DisplayName("a finding's entity is its check's entity, set by the server, not the phone")
  void findingEntityDerivedFromCheck() {
    BatchPlanner.Plan plan = plan(createFinding(1, NEW_1, CHECK));

    assertApplied(plan, 1);
    Map<String, Object> insert = inserted(plan.statements().get(0));
    assertEquals("hazard_findings", table(plan.statements().get(0)));
    assertEquals(CHECK, insert.get("check_id"));
    assertEquals(ENTITY, insert.get("entity_id"));
    assertEquals(EAST, insert.get("station_id"));
    assertEquals("food_safety", insert.get("category"));
    assertEquals("high", insert.get("severity"));
    assertFalse(insert.containsKey("inspector_id"));
    assertFalse(insert.containsKey("status"), "an absent status takes the column's default");
  }

  @Test
  @DisplayName("a check is stamped with the inspector who sent it")
  void checkInspectorIsTheCaller() {
    BatchPlanner.Plan plan = plan(createCheck(1, NEW_1, ENTITY));

    assertApplied(plan, 1);
    Map<String, Object> insert = inserted(plan.statements().get(0));
    assertEquals(LI, insert.get("inspector_id"));
    assertEquals(ENTITY, insert.get("entity_id"));
    assertEquals("hazards_found", insert.get("outcome"));
    assertTrue(plan.assignmentsToAdvance().isEmpty());
  }

  static Stream<Arguments> missingReferences() {
    return Stream.of(
        Arguments.of("a deleted check", "finding", CHECK_DELETED, "data.checkId"),
        Arguments.of("another station's check", "finding", CHECK_WEST, "data.checkId"),
        Arguments.of("a deleted check", "notice", CHECK_DELETED, "data.checkId"),
        Arguments.of("another station's check", "notice", CHECK_WEST, "data.checkId"),
        Arguments.of("a deleted entity", "check", ENTITY_DELETED, "data.entityId"),
        Arguments.of("another station's entity", "check", ENTITY_WEST, "data.entityId"));
  }

  static Stream<Arguments> unknownReferences() {
    return Stream.of(
        Arguments.of("a check that has not arrived", "finding", MISSING, "data.checkId"),
        Arguments.of("a check that has not arrived", "notice", MISSING, "data.checkId"),
        Arguments.of("an entity that has not arrived", "check", MISSING, "data.entityId"),
        Arguments.of("a check id used as an entity id", "check", CHECK, "data.entityId"));
  }

  static void assertParked(BatchPlanner.Plan plan, long seq, String field, UUID waitingFor) {
    MutationResult result = result(plan, seq);
    assertEquals(MutationResult.Status.parked, result.status(), result::toString);
    assertEquals("PREREQUISITE_MISSING", result.code());
    assertEquals(field, result.field());
    assertTrue(plan.parked().stream().anyMatch(p -> p.mutation().seq() == seq && p.waitingId().equals(waitingFor)));
    assertTrue(plan.worthRecording().contains(result), "a replay answers parked too");
  }

  @ParameterizedTest(name = "a {1} pointing to {0}")
  @MethodSource("unknownReferences")
  @DisplayName("a reference to a record the server has never seen parks the mutation until it arrives")
  void referenceToUnknownParks(String what, String type, UUID target, String field) {
    DecodedMutation create = switch (type) {
      case "finding" -> createFinding(1, NEW_1, target);
      case "notice" -> createNotice(1, NEW_1, target);
      default -> createCheck(1, NEW_1, target);
    };
    BatchPlanner.Plan plan = plan(create, mutation(2, type, "update", NEW_1, type.equals("check")
        ? "{\"remarks\": \"more\"}" : "{\"status\": \"" + (type.equals("finding") ? "ordered" : "rectified") + "\"}"));

    assertParked(plan, 1, field, target);
    assertParked(plan, 2, "id", NEW_1);
    assertTrue(plan.statements().isEmpty());
  }

  @ParameterizedTest(name = "a {1} pointing to {0}")
  @MethodSource("missingReferences")
  @DisplayName("a reference to a record that is deleted or another station's is REFERENCE_NOT_FOUND")
  void referenceNotFound(String what, String type, UUID target, String field) {
    DecodedMutation create = switch (type) {
      case "finding" -> createFinding(1, NEW_1, target);
      case "notice" -> createNotice(1, NEW_1, target);
      default -> createCheck(1, NEW_1, target);
    };
    BatchPlanner.Plan plan = plan(create);

    assertRejected(plan, 1, ErrorCode.REFERENCE_NOT_FOUND, field);
    assertTrue(plan.statements().isEmpty());
  }

  @Test
  @DisplayName("a reference to an assignment that is missing or another station's is REFERENCE_NOT_FOUND at data.assignmentId")
  void assignmentReferenceNotFound() {
    put(RecordType.ASSIGNMENT, NEW_3, WEST, false, null, "sent", LI);
    BatchPlanner.Plan plan = plan(
        mutation(1, "check", "create", NEW_1, "{\"entityId\": \"" + ENTITY + "\", \"outcome\": \"passed\","
            + " \"assignmentId\": \"" + MISSING + "\"}"),
        mutation(2, "check", "create", NEW_2, "{\"entityId\": \"" + ENTITY + "\", \"outcome\": \"passed\","
            + " \"assignmentId\": \"" + NEW_3 + "\"}"));

    assertParked(plan, 1, "data.assignmentId", MISSING);
    assertRejected(plan, 2, ErrorCode.REFERENCE_NOT_FOUND, "data.assignmentId");
    assertTrue(plan.statements().isEmpty());
    assertTrue(plan.assignmentsToAdvance().isEmpty());
  }

  @Test
  @DisplayName("a reference to a record deleted earlier in the batch is REFERENCE_NOT_FOUND")
  void referenceToRecordDeletedInBatch() {
    BatchPlanner.Plan plan = plan(mutation(1, "check", "delete", CHECK, null), createFinding(2, NEW_1, CHECK));

    assertApplied(plan, 1);
    assertRejected(plan, 2, ErrorCode.REFERENCE_NOT_FOUND, "data.checkId");
    assertEquals(1, plan.statements().size());
  }

  @Test
  @DisplayName("a reference to a record whose create was rejected earlier in the batch is REFERENCE_NOT_FOUND")
  void referenceToRejectedCreate() {
    BatchPlanner.Plan plan = plan(createCheck(1, NEW_1, ENTITY_WEST), createFinding(2, NEW_2, NEW_1));

    assertRejected(plan, 1, ErrorCode.REFERENCE_NOT_FOUND, "data.entityId");
    assertRejected(plan, 2, ErrorCode.REFERENCE_NOT_FOUND, "data.checkId");
    assertTrue(plan.statements().isEmpty());
  }

  @Test
  @DisplayName("a create of an id that exists, live, deleted or created earlier in the batch, is RECORD_EXISTS at id")
  void createExisting() {
    BatchPlanner.Plan plan = plan(createEntity(1, ENTITY), createEntity(2, ENTITY_DELETED), createEntity(3, ENTITY_WEST),
        createEntity(4, NEW_1), createEntity(5, NEW_1));

    assertRejected(plan, 1, ErrorCode.RECORD_EXISTS, "id");
    assertRejected(plan, 2, ErrorCode.RECORD_EXISTS, "id");
    assertRejected(plan, 3, ErrorCode.RECORD_EXISTS, "id");
    assertApplied(plan, 4);
    assertRejected(plan, 5, ErrorCode.RECORD_EXISTS, "id");
    assertEquals(1, plan.statements().size());
  }

  @Test
  @DisplayName("an update or delete of a record the server has never seen waits for it")
  void updateOrDeleteMissing() {
    BatchPlanner.Plan plan = plan(
        mutation(1, "entity", "update", MISSING, "{\"name\": \"x\"}"),
        mutation(2, "entity", "delete", MISSING, null),
        mutation(5, "finding", "update", CHECK, "{\"description\": \"a check's id is not a finding's\"}"));

    assertParked(plan, 1, "id", MISSING);
    assertParked(plan, 2, "id", MISSING);
    assertParked(plan, 5, "id", CHECK);
    assertTrue(plan.statements().isEmpty());
  }

  @Test
  @DisplayName("an edit of a record deleted meanwhile writes nothing but keeps every edited value for review")
  void editOfDeleted() {
    BatchPlanner.Plan plan = plan(
        mutation(3, "entity", "update", ENTITY_DELETED, "{\"name\": \"x\"}"),
        status(4, "finding", FINDING_DELETED, "closed"));

    assertEquals(MutationResult.applied(3, List.of("name")), result(plan, 3));
    assertEquals(MutationResult.applied(4, List.of("status")), result(plan, 4));
    assertTrue(plan.statements().isEmpty());
    assertEquals(List.of("edit_of_deleted", "edit_of_deleted"),
        plan.conflicts().stream().map(conflict -> conflict.kind()).toList());
    assertEquals("x", plan.conflicts().get(0).lostValue());
    assertEquals(List.of(result(plan, 3), result(plan, 4)), plan.worthRecording());
  }

  @Test
  @DisplayName("an update or delete of another station's record is OUT_OF_SCOPE at id")
  void otherStation() {
    BatchPlanner.Plan plan = plan(
        mutation(1, "entity", "update", ENTITY_WEST, "{\"name\": \"x\"}"),
        mutation(2, "entity", "delete", ENTITY_WEST, null),
        status(3, "finding", FINDING_WEST, "ordered"),
        mutation(4, "check", "update", CHECK_WEST, "{\"remarks\": \"x\"}"));

    assertRejected(plan, 1, ErrorCode.OUT_OF_SCOPE, "id");
    assertRejected(plan, 2, ErrorCode.OUT_OF_SCOPE, "id");
    assertRejected(plan, 3, ErrorCode.OUT_OF_SCOPE, "id");
    assertRejected(plan, 4, ErrorCode.OUT_OF_SCOPE, "id");
    assertTrue(plan.statements().isEmpty());
  }

  @Test
  @DisplayName("an inspector may move only their own assignment; another inspector's is OUT_OF_SCOPE")
  void inspectorsOwnAssignmentsOnly() {
    BatchPlanner.Plan plan = plan(status(1, "assignment", ASSIGNMENT_WANG, "seen"),
        status(2, "assignment", ASSIGNMENT_LI, "seen"));

    assertRejected(plan, 1, ErrorCode.OUT_OF_SCOPE, "id");
    assertApplied(plan, 2);
    assertEquals(1, plan.statements().size());
    assertEquals("assignments", table(plan.statements().get(0)));
    assertEquals(ASSIGNMENT_LI, plan.statements().get(0).params().getValue(0));
    assertEquals(Map.of("status", "seen", "updated_by", LI), updated(plan.statements().get(0)));
  }

  @Test
  @DisplayName("a dispatcher may move any assignment of the station")
  void dispatcherMovesAnyAssignment() {
    BatchPlanner.Plan plan = plan(DISPATCHER_EAST, status(1, "assignment", ASSIGNMENT_WANG, "seen"));

    assertApplied(plan, 1);
    assertEquals(Map.of("status", "seen", "updated_by", DISPATCHER), updated(plan.statements().get(0)));
  }

  @Test
  @DisplayName("a phone may not create or delete an assignment: OPERATION_NOT_ALLOWED at op")
  void phoneCannotCreateAssignments() {
    BatchPlanner.Plan plan = plan(mutation(1, "assignment", "create", NEW_1, "{\"status\": \"sent\"}"),
        mutation(2, "assignment", "delete", ASSIGNMENT_LI, null));

    assertRejected(plan, 1, ErrorCode.OPERATION_NOT_ALLOWED, "op");
    assertRejected(plan, 2, ErrorCode.OPERATION_NOT_ALLOWED, "op");
    assertTrue(plan.statements().isEmpty());
  }

  @Test
  @DisplayName("a status that goes backwards is applied without a statement, and other fields still change")
  void statusBackwards() {
    BatchPlanner.Plan plan = plan(status(1, "finding", FINDING_ORDERED, "found"),
        status(2, "finding", FINDING_ORDERED, "ordered"),
        mutation(3, "finding", "update", FINDING_ORDERED, "{\"status\": \"found\", \"description\": \"moved to stall 12\"}"));

    assertApplied(plan, 1, 2, 3);
    assertEquals(1, plan.statements().size());
    assertEquals(Map.of("description", "moved to stall 12", "updated_by", LI), updated(plan.statements().get(0)));
  }

  @Test
  @DisplayName("a status that moved forward earlier in the batch is where later mutations start from")
  void statusFollowsTheBatch() {
    BatchPlanner.Plan plan = plan(status(1, "assignment", ASSIGNMENT_LI, "started"),
        status(2, "assignment", ASSIGNMENT_LI, "seen"),
        status(3, "assignment", ASSIGNMENT_LI, "done"));

    assertApplied(plan, 1, 2, 3);
    assertEquals(2, plan.statements().size());
    assertEquals("started", updated(plan.statements().get(0)).get("status"));
    assertEquals("done", updated(plan.statements().get(1)).get("status"));
  }

  @Test
  @DisplayName("a status out of one phones cannot leave (a cancelled assignment) is STATUS_TRANSITION_INVALID at data.status")
  void serverOnlyStatus() {
    BatchPlanner.Plan plan = plan(status(1, "assignment", ASSIGNMENT_CANCELLED, "seen"),
        status(2, "assignment", ASSIGNMENT_CANCELLED, "done"));

    assertRejected(plan, 1, ErrorCode.STATUS_TRANSITION_INVALID, "data.status");
    assertRejected(plan, 2, ErrorCode.STATUS_TRANSITION_INVALID, "data.status");
    assertTrue(plan.statements().isEmpty());
  }

  @Test
  @DisplayName("deleting a record that is already deleted is applied and writes nothing")
  void deleteDeleted() {
    BatchPlanner.Plan plan = plan(mutation(1, "finding", "delete", FINDING_DELETED, null),
        mutation(2, "finding", "delete", FINDING_ORDERED, null),
        mutation(3, "finding", "delete", FINDING_ORDERED, null));

    assertApplied(plan, 1, 2, 3);
    assertEquals(1, plan.statements().size());
    Statement delete = plan.statements().get(0);
    assertEquals("UPDATE hazard_findings SET deleted = true, updated_by = $2 WHERE id = $1", delete.sql());
    assertEquals(FINDING_ORDERED, delete.params().getValue(0));
    assertEquals(LI, delete.params().getValue(1));
  }

  @Test
  @DisplayName("a check made for an assignment marks that assignment for progress")
  void checkAdvancesAssignment() {
    BatchPlanner.Plan plan = plan(
        mutation(1, "check", "create", NEW_1, "{\"entityId\": \"" + ENTITY + "\", \"outcome\": \"passed\","
            + " \"assignmentId\": \"" + ASSIGNMENT_LI + "\"}"),
        mutation(2, "check", "create", NEW_2, "{\"entityId\": \"" + ENTITY + "\", \"outcome\": \"passed\","
            + " \"assignmentId\": null}"),
        createCheck(3, NEW_3, ENTITY));

    assertApplied(plan, 1, 2, 3);
    assertEquals(Set.of(ASSIGNMENT_LI), plan.assignmentsToAdvance());
    assertEquals(ASSIGNMENT_LI, inserted(plan.statements().get(0)).get("assignment_id"));
  }

  @Test
  @DisplayName("an inspector's check may not count towards another inspector's assignment: OUT_OF_SCOPE at data.assignmentId")
  void checkForAnotherInspectorsAssignment() {
    String data = "{\"entityId\": \"" + ENTITY + "\", \"outcome\": \"passed\", \"assignmentId\": \""
        + ASSIGNMENT_WANG + "\"}";
    BatchPlanner.Plan byInspector = plan(mutation(1, "check", "create", NEW_1, data));
    assertRejected(byInspector, 1, ErrorCode.OUT_OF_SCOPE, "data.assignmentId");
    assertTrue(byInspector.statements().isEmpty());
    assertTrue(byInspector.assignmentsToAdvance().isEmpty());

    BatchPlanner.Plan byDispatcher = plan(DISPATCHER_EAST, mutation(1, "check", "create", NEW_1, data));
    assertApplied(byDispatcher, 1);
    assertEquals(Set.of(ASSIGNMENT_WANG), byDispatcher.assignmentsToAdvance());
  }

  @Test
  @DisplayName("a check's checklist is inserted with it, and replaced on update")
  void checklist() {
    String items = "[{\"code\": \"licence\", \"result\": \"pass\"}, {\"code\": \"ledger\", \"result\": \"fail\"}]";
    BatchPlanner.Plan plan = plan(
        mutation(1, "check", "create", NEW_1, "{\"entityId\": \"" + ENTITY + "\", \"outcome\": \"passed\", \"items\": "
            + items + "}"),
        mutation(2, "check", "update", CHECK, "{\"items\": " + items + "}"),
        mutation(3, "check", "update", CHECK, "{\"items\": []}"));

    assertApplied(plan, 1, 2, 3);
    assertEquals(List.of(
        "INSERT market_checks", "INSERT market_check_items",                                // create
        "UPDATE market_checks", "DELETE market_check_items", "INSERT market_check_items",   // replace
        "UPDATE market_checks", "DELETE market_check_items"),                               // clear
        plan.statements().stream().map(BatchPlannerTest::describe).toList());
    assertFalse(inserted(plan.statements().get(0)).containsKey("items"), "items are not a column");
    assertEquals(NEW_1, plan.statements().get(1).params().getValue(0));
    assertEquals(new JsonArray(items), plan.statements().get(1).params().getValue(1));
    assertEquals(CHECK, plan.statements().get(3).params().getValue(0));
    assertEquals(Map.of("updated_by", LI), updated(plan.statements().get(2)));
  }

  @Test
  @DisplayName("rejected mutations are listed with their numbers, in order, among results in batch order")
  void rejectionsInOrder() {
    BatchPlanner.Plan plan = plan(
        createEntity(10, NEW_1),
        MutationDecoder.decodeOne(11, new JsonObject("{\"seq\": 11, \"type\": \"shop\", \"op\": \"create\", \"id\": \""
            + NEW_2 + "\", \"data\": {}}")),
        createCheck(12, NEW_2, NEW_1),
        createCheck(13, NEW_3, MISSING),
        mutation(14, "entity", "update", NEW_1, "{\"address\": \"庆春路 88 号\"}"),
        status(15, "assignment", ASSIGNMENT_WANG, "seen"));

    assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 15L), plan.results().stream().map(MutationResult::seq).toList());
    assertEquals(List.of(11L, 13L, 15L), plan.worthRecording().stream().map(MutationResult::seq).toList());
    assertRejected(plan, 11, ErrorCode.RECORD_TYPE_UNKNOWN, "type");
    assertParked(plan, 13, "data.entityId", MISSING);
    assertRejected(plan, 15, ErrorCode.OUT_OF_SCOPE, "id");
    assertApplied(plan, 10, 12, 14);
    assertEquals(3, plan.statements().size());
  }

  @Test
  @DisplayName("leaves the caller's map of known records as it was")
  void knownRecordsUntouched() {
    Map<KnownRecord.Key, KnownRecord> before = new HashMap<>(known);
    plan(createEntity(1, NEW_1), mutation(2, "entity", "delete", ENTITY, null), status(3, "finding", FINDING_ORDERED,
        "closed"));
    assertEquals(before, known);
  }

  @Test
  @DisplayName("an empty batch plans nothing")
  void nothingToDo() {
    BatchPlanner.Plan plan = BatchPlanner.plan(INSPECTOR_LI, new ArrayList<>(), known);
    assertEquals(List.of(), plan.results());
    assertEquals(List.of(), plan.worthRecording());
    assertEquals(List.of(), plan.statements());
    assertEquals(Set.of(), plan.assignmentsToAdvance());
  }
}
