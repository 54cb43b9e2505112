package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.records.Field;
import org.inspectsync.server.records.RecordSchema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A push body")
class MutationDecoderTest {

  static final int MAX_BATCH = 3;
  static final String ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
  static final String OTHER_ID = "9b2f6a1c-0d2e-4c61-8f0a-6f1b0e0f5a77";
  static final String CODE = "91440300708461136T";

  /** A well-formed entity create with this number. */
  static String entity(long seq) {
    return "{\"seq\": " + seq + ", \"type\": \"entity\", \"op\": \"create\", \"id\": \"" + UUID.randomUUID()
        + "\", \"data\": {\"name\": \"老王熟食店\", \"creditCode\": \"" + CODE + "\", \"category\": \"food_stall\"}}";
  }

  static String batch(long... seqs) {
    return "{\"mutations\": [" + Arrays.stream(seqs).mapToObj(MutationDecoderTest::entity)
        .collect(Collectors.joining(", ")) + "]}";
  }

  static List<DecodedMutation> decode(String body) {
    return MutationDecoder.decode(new JsonObject(body), MAX_BATCH);
  }

  static void assertRefused(String body, ErrorCode code, String field) {
    ApiError error = assertThrows(ApiError.class, () -> decode(body), body);
    assertEquals(code, error.code(), error::getMessage);
    assertEquals(field, error.field(), error::getMessage);
    assertEquals(code.httpStatus(), error.httpStatus());
  }

  @Nested
  @DisplayName("whose envelope is broken is refused as a whole")
  class Envelope {

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @CsvSource(delimiter = '|', textBlock = """
        {}                                          | FIELD_REQUIRED           | mutations
        {"mutations": null}                         | FIELD_REQUIRED           | mutations
        {"mutation": []}                            | FIELD_REQUIRED           | mutations
        {"mutations": {}}                           | FIELD_WRONG_TYPE         | mutations
        {"mutations": "[]"}                         | FIELD_WRONG_TYPE         | mutations
        {"mutations": 1}                            | FIELD_WRONG_TYPE         | mutations
        {"mutations": []}                           | FIELD_INVALID            | mutations
        {"mutations": [1]}                          | FIELD_WRONG_TYPE         | mutations[0]
        {"mutations": [null]}                       | FIELD_WRONG_TYPE         | mutations[0]
        {"mutations": [[]]}                         | FIELD_WRONG_TYPE         | mutations[0]
        {"mutations": [{}]}                         | FIELD_REQUIRED           | mutations[0].seq
        {"mutations": [{"seq": null}]}              | FIELD_REQUIRED           | mutations[0].seq
        {"mutations": [{"seq": "1"}]}               | FIELD_WRONG_TYPE         | mutations[0].seq
        {"mutations": [{"seq": 1.0}]}               | FIELD_WRONG_TYPE         | mutations[0].seq
        {"mutations": [{"seq": 1.5}]}               | FIELD_WRONG_TYPE         | mutations[0].seq
        {"mutations": [{"seq": true}]}              | FIELD_WRONG_TYPE         | mutations[0].seq
        {"mutations": [{"seq": 9223372036854775808}]} | FIELD_WRONG_TYPE       | mutations[0].seq
        {"mutations": [{"seq": 0}]}                 | FIELD_INVALID            | mutations[0].seq
        {"mutations": [{"seq": -1}]}                | FIELD_INVALID            | mutations[0].seq
        {"mutations": [{"seq": 1}, "x"]}            | FIELD_WRONG_TYPE         | mutations[1]
        {"mutations": [{"seq": 1}, {"type": "entity"}]} | FIELD_REQUIRED       | mutations[1].seq
        {"mutations": [{"seq": 1}, {"seq": 2.0}]}   | FIELD_WRONG_TYPE         | mutations[1].seq
        {"mutations": [{"seq": 1}, {"seq": 3}]}     | SEQUENCE_NOT_CONSECUTIVE | mutations[1].seq
        {"mutations": [{"seq": 5}, {"seq": 4}]}     | SEQUENCE_NOT_CONSECUTIVE | mutations[1].seq
        {"mutations": [{"seq": 1}, {"seq": 1}]}     | SEQUENCE_NOT_CONSECUTIVE | mutations[1].seq
        {"mutations": [{"seq": 1}, {"seq": 2}, {"seq": 4}]} | SEQUENCE_NOT_CONSECUTIVE | mutations[2].seq
        {"mutations": [{"seq": 1}, {"seq": 2}, {"seq": 2}]} | SEQUENCE_NOT_CONSECUTIVE | mutations[2].seq
        """)
    @DisplayName("with the code and the path of the fault")
    void refusesBrokenEnvelopes(String body, ErrorCode code, String field) {
      assertRefused(body, code, field);
    }

    @Test
    @DisplayName("holding more mutations than the server takes is BATCH_TOO_LARGE at mutations")
    void batchTooLarge() {
      assertEquals(MAX_BATCH, decode(batch(1, 2, 3)).size());
      assertRefused(batch(1, 2, 3, 4), ErrorCode.BATCH_TOO_LARGE, "mutations");
    }

    @Test
    @DisplayName("is refused for its numbering even when an earlier mutation's content is bad")
    void numberingBeatsContent() {
      assertRefused("{\"mutations\": [{\"seq\": 1, \"type\": \"shop\"}, {\"seq\": 3}]}",
          ErrorCode.SEQUENCE_NOT_CONSECUTIVE, "mutations[1].seq");
    }

    @Test
    @DisplayName("may start at any number and counts up by one")
    void consecutiveFromAnyStart() {
      List<DecodedMutation> decoded = decode(batch(41, 42, 43));
      assertEquals(List.of(41L, 42L, 43L), decoded.stream().map(DecodedMutation::seq).toList());
      assertTrue(decoded.stream().noneMatch(DecodedMutation::isRejected));
    }
  }

  @Nested
  @DisplayName("with a mutation whose content is bad rejects that mutation alone")
  class Content {

    static final String CHECK_DATA = "{\"entityId\": \"" + OTHER_ID + "\", \"outcome\": \"passed\"}";

    /**
     * One mutation numbered 7 with the given members, decoded on its own. An update or delete that
     * names no base version gets version 1, so that each case tests one fault.
     */
    static DecodedMutation one(String members) {
      boolean needsBase = (members.contains("\"op\": \"update\"") || members.contains("\"op\": \"delete\""))
          && !members.contains("baseVersion");
      return exactly(needsBase ? "\"baseVersion\": 1, " + members : members);
    }

    /** One mutation numbered 7 with exactly the given members. */
    static DecodedMutation exactly(String members) {
      List<DecodedMutation> decoded = decode("{\"mutations\": [{\"seq\": 7, " + members + "}]}");
      assertEquals(1, decoded.size());
      return decoded.get(0);
    }

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @CsvSource(delimiter = '|', textBlock = """
        "type": "shop", "op": "create", "id": "%1$s", "data": {}                                 | RECORD_TYPE_UNKNOWN | type
        "type": "Entity", "op": "create", "id": "%1$s", "data": {}                               | RECORD_TYPE_UNKNOWN | type
        "type": "entities", "op": "delete", "id": "%1$s"                                         | RECORD_TYPE_UNKNOWN | type
        "op": "create", "id": "%1$s", "data": {}                                                 | FIELD_REQUIRED      | type
        "type": null, "op": "create", "id": "%1$s", "data": {}                                   | FIELD_REQUIRED      | type
        "type": 3, "op": "create", "id": "%1$s", "data": {}                                      | FIELD_WRONG_TYPE    | type
        "type": "entity", "op": "upsert", "id": "%1$s", "data": {}                               | OPERATION_UNKNOWN   | op
        "type": "entity", "op": "CREATE", "id": "%1$s", "data": {}                               | OPERATION_UNKNOWN   | op
        "type": "entity", "id": "%1$s", "data": {}                                               | FIELD_REQUIRED      | op
        "type": "entity", "op": ["create"], "id": "%1$s", "data": {}                             | FIELD_WRONG_TYPE    | op
        "type": "entity", "op": "delete"                                                         | FIELD_REQUIRED      | id
        "type": "entity", "op": "delete", "id": null                                             | FIELD_REQUIRED      | id
        "type": "entity", "op": "delete", "id": 42                                               | FIELD_WRONG_TYPE    | id
        "type": "entity", "op": "delete", "id": "not-a-uuid"                                     | FIELD_INVALID       | id
        "type": "entity", "op": "delete", "id": "3f2504e04f8941d39a0c0305e82c3301"               | FIELD_INVALID       | id
        "type": "entity", "op": "delete", "id": "{%1$s}"                                         | FIELD_INVALID       | id
        "type": "entity", "op": "delete", "id": "%1$s", "version": 3                             | FIELD_UNKNOWN       | version
        "type": "entity", "op": "delete", "id": "%1$s", "Data": {}                               | FIELD_UNKNOWN       | Data
        "type": "entity", "op": "delete", "id": "%1$s", "base": 2                                | FIELD_UNKNOWN       | base
        "type": "entity", "op": "delete", "id": "%1$s", "baseVersion": 0                         | FIELD_INVALID       | baseVersion
        "type": "entity", "op": "delete", "id": "%1$s", "baseVersion": "3"                       | FIELD_WRONG_TYPE    | baseVersion
        "type": "entity", "op": "delete", "id": "%1$s", "baseVersion": 2.5                       | FIELD_WRONG_TYPE    | baseVersion
        "type": "entity", "op": "delete", "id": "%1$s", "baseVersion": null                      | FIELD_REQUIRED      | baseVersion
        "type": "entity", "op": "delete", "id": "%1$s", "recordedAt": "yesterday"                | FIELD_INVALID       | recordedAt
        "type": "entity", "op": "delete", "id": "%1$s", "recordedAt": "2026-11-22T09:30:00"      | FIELD_INVALID       | recordedAt
        "type": "entity", "op": "create", "id": "%1$s"                                           | FIELD_REQUIRED      | data
        "type": "entity", "op": "create", "id": "%1$s", "data": null                             | FIELD_REQUIRED      | data
        "type": "finding", "op": "update", "id": "%1$s"                                          | FIELD_REQUIRED      | data
        "type": "entity", "op": "create", "id": "%1$s", "data": []                               | FIELD_WRONG_TYPE    | data
        "type": "entity", "op": "update", "id": "%1$s", "data": "name=x"                         | FIELD_WRONG_TYPE    | data
        "type": "entity", "op": "update", "id": "%1$s", "data": {"x": 1}                         | FIELD_UNKNOWN       | data.x
        "type": "entity", "op": "update", "id": "%1$s", "data": {"Name": "老王"}                 | FIELD_UNKNOWN       | data.Name
        "type": "check", "op": "update", "id": "%1$s", "data": {"checklist": []}                 | FIELD_UNKNOWN       | data.checklist
        "type": "check", "op": "create", "id": "%1$s", "data": {"entityId": "%2$s", "outcome": "passed", "inspectorId": "%2$s"} | FIELD_INVALID | data.inspectorId
        "type": "finding", "op": "update", "id": "%1$s", "data": {"entityId": "%2$s"}            | FIELD_INVALID       | data.entityId
        "type": "notice", "op": "update", "id": "%1$s", "data": {"dueOn": "2026-12-01"}          | FIELD_INVALID       | data.dueOn
        "type": "assignment", "op": "update", "id": "%1$s", "data": {"inspectorIds": ["%2$s"]}  | FIELD_INVALID       | data.inspectorIds
        "type": "assignment", "op": "update", "id": "%1$s", "data": {"dueOn": "2026-12-01"}      | FIELD_INVALID       | data.dueOn
        "type": "check", "op": "update", "id": "%1$s", "data": {"entityId": "%2$s"}              | FIELD_INVALID       | data.entityId
        "type": "check", "op": "update", "id": "%1$s", "data": {"assignmentId": null}            | FIELD_INVALID       | data.assignmentId
        "type": "finding", "op": "update", "id": "%1$s", "data": {"checkId": "%2$s"}             | FIELD_INVALID       | data.checkId
        "type": "notice", "op": "update", "id": "%1$s", "data": {"checkId": "%2$s"}              | FIELD_INVALID       | data.checkId
        "type": "entity", "op": "create", "id": "%1$s", "data": {"creditCode": "%3$s", "category": "food_stall"} | FIELD_REQUIRED | data.name
        "type": "entity", "op": "create", "id": "%1$s", "data": {"name": "老王", "creditCode": "%3$s"} | FIELD_REQUIRED | data.category
        "type": "entity", "op": "create", "id": "%1$s", "data": {}                               | FIELD_REQUIRED      | data.name
        "type": "check", "op": "create", "id": "%1$s", "data": {"outcome": "passed"}             | FIELD_REQUIRED      | data.entityId
        "type": "notice", "op": "create", "id": "%1$s", "data": {"checkId": "%2$s", "requiredActions": "keep a ledger", "issuedOn": "2026-11-22"} | FIELD_REQUIRED | data.deadlineDays
        "type": "entity", "op": "create", "id": "%1$s", "data": {"name": null, "creditCode": "%3$s", "category": "food_stall"} | FIELD_REQUIRED | data.name
        "type": "entity", "op": "update", "id": "%1$s", "data": {"riskLevel": null}              | FIELD_REQUIRED      | data.riskLevel
        "type": "entity", "op": "update", "id": "%1$s", "data": {"category": null}               | FIELD_REQUIRED      | data.category
        "type": "finding", "op": "update", "id": "%1$s", "data": {"status": null}                | FIELD_REQUIRED      | data.status
        "type": "entity", "op": "update", "id": "%1$s", "data": {}                               | FIELD_REQUIRED      | data
        "type": "entity", "op": "update", "id": "%1$s", "data": {"name": "  "}                   | FIELD_REQUIRED      | data.name
        "type": "entity", "op": "update", "id": "%1$s", "data": {"latitude": "30.27"}            | FIELD_WRONG_TYPE    | data.latitude
        "type": "entity", "op": "update", "id": "%1$s", "data": {"latitude": 91}                 | FIELD_INVALID       | data.latitude
        "type": "entity", "op": "update", "id": "%1$s", "data": {"creditCode": "91440300708461136X"} | CREDIT_CODE_INVALID | data.creditCode
        "type": "check", "op": "update", "id": "%1$s", "data": {"items": [{"code": "licence", "result": "ok"}]} | FIELD_INVALID | data.items[0].result
        "type": "finding", "op": "update", "id": "%1$s", "data": {"status": "escalated"}         | FIELD_INVALID       | data.status
        """)
    @DisplayName("with the code and the path of the fault, keeping its number")
    void rejectsBadContent(String members, ErrorCode code, String field) {
      DecodedMutation mutation = one(members.formatted(ID, OTHER_ID, CODE));
      assertTrue(mutation.isRejected(), () -> "accepted " + members);
      assertEquals(7, mutation.seq());
      assertEquals(code, mutation.rejection().code(), mutation.rejection()::message);
      assertEquals(field, mutation.rejection().field(), mutation.rejection()::message);
      assertFalse(mutation.rejection().message().isBlank());
    }

    @Test
    @DisplayName("and keeps the numbers of the mutations around it, which are decoded as usual")
    void rejectedMutationKeepsItsPlace() {
      List<DecodedMutation> decoded = decode("{\"mutations\": [" + entity(4)
          + ", {\"seq\": 5, \"type\": \"shop\", \"op\": \"create\", \"id\": \"" + ID + "\", \"data\": {}}, "
          + entity(6) + "]}");
      assertEquals(List.of(4L, 5L, 6L), decoded.stream().map(DecodedMutation::seq).toList());
      assertEquals(List.of(false, true, false), decoded.stream().map(DecodedMutation::isRejected).toList());
      assertEquals(ErrorCode.RECORD_TYPE_UNKNOWN, decoded.get(1).rejection().code());
      assertNull(decoded.get(1).type());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"update", "delete"})
    @DisplayName("an update or delete must name the version it started from")
    void baseVersionRequired(String op) {
      DecodedMutation mutation = exactly("\"type\": \"entity\", \"op\": \"" + op + "\", \"id\": \"" + ID
          + "\", \"data\": {\"name\": \"x\"}");
      assertEquals(ErrorCode.FIELD_REQUIRED, mutation.rejection().code());
      assertEquals("baseVersion", mutation.rejection().field());
    }

    @Test
    @DisplayName("an update carries its base version and the phone's clock as sent")
    void baseVersionAndClock() {
      DecodedMutation mutation = exactly("\"type\": \"entity\", \"op\": \"update\", \"id\": \"" + ID
          + "\", \"baseVersion\": 4, \"recordedAt\": \"2026-11-22T09:30:00+08:00\", \"data\": {\"name\": \"x\"}");
      assertFalse(mutation.isRejected(), () -> mutation.rejection().toString());
      assertEquals(4, mutation.baseVersion());
      assertEquals("2026-11-22T09:30+08:00", mutation.recordedAt());
    }

    @Test
    @DisplayName("a delete ignores data, whatever it holds")
    void deleteIgnoresData() {
      for (String data : List.of("", ", \"data\": null", ", \"data\": \"garbage\"", ", \"data\": {\"nonsense\": [1, 2]}",
          ", \"data\": {\"name\": 42}")) {
        DecodedMutation mutation = one("\"type\": \"finding\", \"op\": \"delete\", \"id\": \"" + ID + "\"" + data);
        assertFalse(mutation.isRejected(), () -> data + ": " + mutation.rejection());
        assertEquals(RecordType.FINDING, mutation.type());
        assertEquals(Operation.DELETE, mutation.op());
        assertEquals(UUID.fromString(ID), mutation.id());
        assertEquals(Map.of(), mutation.values());
      }
    }

    @Test
    @DisplayName("a well-formed create carries its decoded values keyed by the schema's fields")
    void decodesValues() {
      DecodedMutation mutation = one("\"type\": \"notice\", \"op\": \"create\", \"id\": \"" + ID + "\", \"data\": "
          + "{\"checkId\": \"" + OTHER_ID + "\", \"requiredActions\": \"keep a purchase ledger\","
          + " \"issuedOn\": \"2026-11-22\", \"deadlineDays\": 7.0, \"noticeNumber\": null}");
      assertFalse(mutation.isRejected(), () -> mutation.rejection().toString());
      RecordSchema notice = RecordSchema.of(RecordType.NOTICE);
      Map<Field, Object> expected = new HashMap<>();
      expected.put(notice.field("checkId"), UUID.fromString(OTHER_ID));
      expected.put(notice.field("requiredActions"), "keep a purchase ledger");
      expected.put(notice.field("issuedOn"), LocalDate.of(2026, 11, 22));
      expected.put(notice.field("deadlineDays"), 7);
      expected.put(notice.field("noticeNumber"), null);
      assertEquals(expected, mutation.values());
      assertEquals(7, mutation.seq());
      assertEquals(Operation.CREATE, mutation.op());
      assertEquals(UUID.fromString(ID), mutation.id());
    }

    @Test
    @DisplayName("an update may clear a nullable field with null and needs nothing else")
    void updateClearsNullableField() {
      DecodedMutation mutation = one("\"type\": \"entity\", \"op\": \"update\", \"id\": \"" + ID
          + "\", \"data\": {\"address\": null}");
      assertFalse(mutation.isRejected(), () -> mutation.rejection().toString());
      assertTrue(mutation.values().containsKey(RecordSchema.of(RecordType.ENTITY).field("address")));
      assertNull(mutation.values().get(RecordSchema.of(RecordType.ENTITY).field("address")));
      assertEquals(1, mutation.values().size());
    }

    @Test
    @DisplayName("a full batch of mixed content is decoded mutation by mutation")
    void wholeBatch() {
      List<String> members = new ArrayList<>(List.of(entity(1),
          "{\"seq\": 2, \"type\": \"check\", \"op\": \"create\", \"id\": \"" + ID + "\", \"data\": " + CHECK_DATA + "}",
          "{\"seq\": 3, \"type\": \"check\", \"op\": \"create\", \"id\": \"" + OTHER_ID + "\", \"data\": {}}"));
      List<DecodedMutation> decoded = decode("{\"mutations\": [" + String.join(", ", members) + "]}");
      assertEquals(List.of(false, false, true), decoded.stream().map(DecodedMutation::isRejected).toList());
      assertEquals("data.entityId", decoded.get(2).rejection().field());
      assertEquals(IntStream.rangeClosed(1, 3).asLongStream().boxed().toList(),
          decoded.stream().map(DecodedMutation::seq).toList());
    }
  }
}
