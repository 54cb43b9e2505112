package org.inspectsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;
import io.jsonwebtoken.Jwts;
import org.inspectsync.server.identity.TokenKeys;
import org.inspectsync.server.identity.TokenService;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What phones and desks must never be able to do with bad input: get a 5xx, write a row, or move
 * a device's counter without an answer for each number. Requests are raw, so they can be as
 * broken as a buggy app or a hostile caller would make them. Limits are those of
 * {@code Config.forTests}: 256 KiB bodies, 100 mutations a batch.
 */
@DisplayName("Bad input")
class BadInputTest {

  static final int BODY_LIMIT = 256 * 1024;
  static final int BATCH_LIMIT = 100;
  static final String PHONE = "li-phone";
  static final String DATE = "2026-11-22";

  private static final TestServer server = TestServer.shared();
  private static Http http;
  private static TokenService serverTokens;

  private UUID east;
  private UUID west;
  private UUID li;
  private UUID wang;
  private UUID zhao;
  private UUID zhou;
  private UUID eastEntity;
  private UUID westEntity;
  /** Inspector li's token for {@link #PHONE}, whose counter starts at 0. */
  private String inspector;
  private String dispatcher;
  private String supervisor;

  @BeforeAll
  static void start() throws Exception {
    http = server.http();
    // The key the server signs with (TestServer's data directory), to forge tokens it would accept.
    serverTokens = new TokenService(serverKeys(), Duration.ofMinutes(60), Clock.systemUTC());
  }

  /** The keys the server signs with (kept in TestServer's data directory), to forge tokens it would accept. */
  private static TokenKeys serverKeys() throws Exception {
    return TokenKeys.load(System.getenv(), Path.of("target", "test-data").toAbsolutePath());
  }

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    east = Fixtures.station("east");
    west = Fixtures.station("west");
    li = Fixtures.user("li", "inspector", east);
    wang = Fixtures.user("wang", "inspector", east);
    zhou = Fixtures.user("zhou", "dispatcher", east);
    UUID chen = Fixtures.user("chen", "supervisor", east);
    zhao = Fixtures.user("zhao", "inspector", west);
    eastEntity = Fixtures.entity(east);
    westEntity = Fixtures.entity(west);
    // What a login registers and returns, without a bcrypt check per case; Login below logs in for real.
    Fixtures.update("INSERT INTO devices (id, user_id) VALUES (?, ?)", PHONE, li);
    inspector = serverTokens.issue(new Actor(li, "li", Role.inspector, east, PHONE)).token();
    dispatcher = serverTokens.issue(new Actor(zhou, "zhou", Role.dispatcher, east, "zhou-desk")).token();
    supervisor = serverTokens.issue(new Actor(chen, "chen", Role.supervisor, east, "chen-desk")).token();
  }

  // ---- Requests. ----

  static String push(String... mutations) {
    return "{\"mutations\": [" + String.join(", ", mutations) + "]}";
  }

  static String entity(long seq) {
    return entity(seq, UUID.randomUUID());
  }

  static String entity(long seq, UUID id) {
    return entity(seq, id, Fixtures.creditCode());
  }

  static String entity(long seq, UUID id, String creditCode) {
    return "{\"seq\": " + seq + ", \"type\": \"entity\", \"op\": \"create\", \"id\": \"" + id + "\", \"data\": "
        + "{\"name\": \"老王熟食店\", \"creditCode\": \"" + creditCode + "\", \"category\": \"food_stall\"}}";
  }

  static String entities(int from, int count) {
    return push(IntStream.range(from, from + count).mapToObj(BadInputTest::entity).toArray(String[]::new));
  }

  static String check(long seq, UUID id, UUID entity) {
    return "{\"seq\": " + seq + ", \"type\": \"check\", \"op\": \"create\", \"id\": \"" + id + "\", \"data\": "
        + "{\"entityId\": \"" + entity + "\", \"outcome\": \"hazards_found\"}}";
  }

  static String finding(long seq, UUID check) {
    return "{\"seq\": " + seq + ", \"type\": \"finding\", \"op\": \"create\", \"id\": \"" + UUID.randomUUID()
        + "\", \"data\": {\"checkId\": \"" + check + "\", \"category\": \"hygiene\", \"severity\": \"medium\"}}";
  }

  private JsonObject assignment() {
    return new JsonObject().put("inspectorIds", new JsonArray().add(li.toString()))
        .put("entityIds", new JsonArray().add(eastEntity.toString())).put("dueOn", DATE).put("kind", "routine");
  }

  // ---- Assertions. ----

  /** A JSON error with exactly this status, code and field (null: no field), and never a 5xx. */
  static void assertError(Http.Response response, int status, String code, String field) {
    assertTrue(response.status() < 500, () -> "server error " + response.status() + ": " + response.text());
    assertEquals(status, response.status(), response::text);
    assertNotNull(response.body(), () -> "not a JSON object: " + response.text());
    assertEquals(code, response.body().getString("code"), response::text);
    assertEquals(field, response.body().getString("field"), response::text);
    assertFalse(response.body().getString("message", "").isBlank(), response::text);
  }

  /** Every table's rows, versions and deletions, and every device's counter, as one comparable text. */
  static String databaseState() {
    String sql = """
        SELECT concat_ws(' | ',
          'org_units=' || (SELECT count(*) FROM org_units),
          'users=' || (SELECT count(*) FROM users),
          'devices=' || (SELECT coalesce(string_agg(id || ':' || last_seq, ',' ORDER BY id), '') FROM devices),
          'rejections=' || (SELECT count(*) FROM mutation_outcomes),
          'entities=' || (SELECT count(*) || '/v' || coalesce(sum(version), 0) || '/d' || count(*) FILTER (WHERE deleted)
                          FROM business_entities),
          'assignments=' || (SELECT count(*) || '/v' || coalesce(sum(version), 0) FROM assignments),
          'checks=' || (SELECT count(*) || '/v' || coalesce(sum(version), 0) FROM market_checks),
          'items=' || (SELECT count(*) FROM market_check_items),
          'findings=' || (SELECT count(*) || '/v' || coalesce(sum(version), 0) FROM hazard_findings),
          'notices=' || (SELECT count(*) || '/v' || coalesce(sum(version), 0) FROM rectification_notices))
        """;
    try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long lastSeq(String device) {
    return Fixtures.count("SELECT last_seq FROM devices WHERE id = ?", device);
  }

  static long rows(String table) {
    return Fixtures.count("SELECT count(*) FROM " + table);
  }

  /** The rejection recorded for a device's mutation, as "CODE field", or "none". */
  static String recordedRejection(long seq) {
    try (Connection connection = TestDatabase.connect();
         var statement = connection.prepareStatement(
             "SELECT code || ' ' || coalesce(field, '-') FROM mutation_outcomes WHERE device_id = ? AND seq = ?")) {
      statement.setString(1, PHONE);
      statement.setLong(2, seq);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : "none";
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertRejectedResult(JsonObject result, long seq, String code, String field) {
    assertEquals(seq, result.getLong("seq"), result::encode);
    assertEquals("rejected", result.getString("status"), result::encode);
    assertEquals(code, result.getString("code"), result::encode);
    assertEquals(field, result.getString("field"), result::encode);
    assertFalse(result.getString("message", "").isBlank(), result::encode);
  }

  // ---- Cases. ----

  @Nested
  @DisplayName("in a push request refuses it whole, writing nothing and leaving the counter")
  class RefusedPushes {

    static Stream<Arguments> cases() {
      return Stream.of(
          Arguments.of("a body that is not JSON", "{\"mutations\": [", 400, "MALFORMED_JSON", null),
          Arguments.of("JSON with trailing garbage", push(entity(1)) + " ]", 400, "MALFORMED_JSON", null),
          Arguments.of("a JSON array", "[" + entity(1) + "]", 400, "MALFORMED_JSON", null),
          Arguments.of("a JSON string", "\"mutations\"", 400, "MALFORMED_JSON", null),
          Arguments.of("a JSON number", "42", 400, "MALFORMED_JSON", null),
          Arguments.of("JSON null", "null", 400, "MALFORMED_JSON", null),
          Arguments.of("an empty body", "", 400, "MALFORMED_JSON", null),
          Arguments.of("no mutations", "{}", 400, "FIELD_REQUIRED", "mutations"),
          Arguments.of("mutations null", "{\"mutations\": null}", 400, "FIELD_REQUIRED", "mutations"),
          Arguments.of("mutations an object", "{\"mutations\": {\"1\": {}}}", 400, "FIELD_WRONG_TYPE", "mutations"),
          Arguments.of("mutations a string", "{\"mutations\": \"[]\"}", 400, "FIELD_WRONG_TYPE", "mutations"),
          Arguments.of("mutations empty", "{\"mutations\": []}", 400, "FIELD_INVALID", "mutations"),
          Arguments.of("a mutation that is not an object", push(entity(1), "\"entity\""), 400, "FIELD_WRONG_TYPE",
              "mutations[1]"),
          Arguments.of("a mutation without seq", push("{\"type\": \"entity\"}"), 400, "FIELD_REQUIRED",
              "mutations[0].seq"),
          Arguments.of("seq as a string", push(entity(1).replace("\"seq\": 1", "\"seq\": \"1\"")), 400,
              "FIELD_WRONG_TYPE", "mutations[0].seq"),
          Arguments.of("seq as a float", push(entity(1).replace("\"seq\": 1", "\"seq\": 1.0")), 400,
              "FIELD_WRONG_TYPE", "mutations[0].seq"),
          Arguments.of("seq 0", push(entity(0)), 400, "FIELD_INVALID", "mutations[0].seq"),
          Arguments.of("seq negative", push(entity(-1)), 400, "FIELD_INVALID", "mutations[0].seq"),
          Arguments.of("seq beyond a long", push(entity(1).replace("\"seq\": 1", "\"seq\": 9223372036854775808")), 400,
              "FIELD_WRONG_TYPE", "mutations[0].seq"),
          Arguments.of("numbers that skip inside the batch", push(entity(1), entity(3)), 400,
              "SEQUENCE_NOT_CONSECUTIVE", "mutations[1].seq"),
          Arguments.of("numbers that repeat inside the batch", push(entity(1), entity(2), entity(2)), 400,
              "SEQUENCE_NOT_CONSECUTIVE", "mutations[2].seq"),
          Arguments.of("numbers that go down inside the batch", push(entity(2), entity(1)), 400,
              "SEQUENCE_NOT_CONSECUTIVE", "mutations[1].seq"),
          Arguments.of("a gap after the device's last number", push(entity(2), entity(3)), 409, "SEQUENCE_GAP",
              "mutations[0].seq"),
          Arguments.of("a batch over the limit", entities(1, BATCH_LIMIT + 1), 413, "BATCH_TOO_LARGE", "mutations"));
    }

    @ParameterizedTest(name = "{0} -> {2} {3} {4}")
    @MethodSource("cases")
    @DisplayName("with the status, code and field at fault")
    void refused(String what, String body, int status, String code, String field) {
      String before = databaseState();
      assertError(http.post("/sync/push", body, inspector), status, code, field);
      assertEquals(before, databaseState());
      assertEquals(0, lastSeq(PHONE));
    }

    @Test
    @DisplayName("a gap after numbers already applied is SEQUENCE_GAP and applies none of the batch")
    void gapAfterProgress() {
      long entities = rows("business_entities");
      assertEquals(200, http.post("/sync/push", push(entity(1), entity(2)), inspector).status());
      String before = databaseState();

      Http.Response gap = http.post("/sync/push", push(entity(4), entity(5)), inspector);
      assertError(gap, 409, "SEQUENCE_GAP", "mutations[0].seq");
      assertEquals(3, gap.body().getLong("expectedSeq"), gap::text);
      assertEquals(before, databaseState());
      assertEquals(2, lastSeq(PHONE));
      assertEquals(entities + 2, rows("business_entities"));
    }

    @Test
    @DisplayName("a body over 256 KiB is BODY_TOO_LARGE (413); one of exactly 256 KiB is read")
    void bodyTooLarge() {
      String batch = push(entity(1));
      String atLimit = batch + " ".repeat(BODY_LIMIT - batch.getBytes(StandardCharsets.UTF_8).length);
      assertEquals(BODY_LIMIT, atLimit.getBytes(StandardCharsets.UTF_8).length);
      String before = databaseState();

      assertError(http.post("/sync/push", atLimit + " ", inspector), 413, "BODY_TOO_LARGE", null);
      assertEquals(before, databaseState());

      Http.Response accepted = http.post("/sync/push", atLimit, inspector);
      assertEquals(200, accepted.status(), accepted.text());
      assertEquals(1, lastSeq(PHONE));
    }

    @Test
    @DisplayName("a body sent as text/plain is 415 UNSUPPORTED_MEDIA_TYPE")
    void notJson() throws Exception {
      String before = databaseState();
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(server.uri().resolve("/sync/push"))
              .header("Authorization", "Bearer " + inspector)
              .header("Content-Type", "text/plain; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(push(entity(1))))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertError(new Http.Response(response.statusCode(), new JsonObject(response.body()), response.body()), 415,
          "UNSUPPORTED_MEDIA_TYPE", null);
      assertEquals(before, databaseState());
    }

    @Test
    @DisplayName("a token for a device registered to another officer is 409 DEVICE_IN_USE and writes nothing")
    void someoneElsesDevice() {
      String token = serverTokens.issue(new Actor(wang, "wang", Role.inspector, east, PHONE)).token();
      String before = databaseState();
      assertError(http.post("/sync/push", push(entity(1)), token), 409, "DEVICE_IN_USE", null);
      assertEquals(before, databaseState());
    }

    @Test
    @DisplayName("a body over the limit is refused before the token is even looked at")
    void bodyTooLargeWithoutToken() {
      byte[] body = new byte[BODY_LIMIT + 1];
      Arrays.fill(body, (byte) ' ');
      String before = databaseState();
      assertError(http.post("/sync/push", body, null), 413, "BODY_TOO_LARGE", null);
      assertEquals(before, databaseState());
    }

    @Test
    @DisplayName("a batch of exactly 100 mutations is applied whole")
    void batchAtLimit() {
      Http.Response response = http.post("/sync/push", entities(1, BATCH_LIMIT), inspector);
      assertEquals(200, response.status(), response.text());
      assertEquals(BATCH_LIMIT, response.body().getLong("lastSeq"));
      assertEquals(BATCH_LIMIT, lastSeq(PHONE));
      assertEquals(BATCH_LIMIT + 2, rows("business_entities"));
    }
  }

  @Nested
  @DisplayName("in one mutation rejects that mutation alone and still consumes its number")
  class RejectedMutations {

    /** Placeholders: {east} and {west} entities, {id} a fresh id, {code} a valid credit code. */
    static Stream<Arguments> cases() {
      String entityData = "\"name\": \"老王熟食店\", \"creditCode\": \"{code}\", \"category\": \"food_stall\"";
      return Stream.of(
          Arguments.of("an unknown record type",
              "\"type\": \"shop\", \"op\": \"create\", \"id\": \"{id}\", \"data\": {" + entityData + "}",
              "RECORD_TYPE_UNKNOWN", "type"),
          Arguments.of("a type that is not a string",
              "\"type\": [\"entity\"], \"op\": \"create\", \"id\": \"{id}\", \"data\": {" + entityData + "}",
              "FIELD_WRONG_TYPE", "type"),
          Arguments.of("no type", "\"op\": \"create\", \"id\": \"{id}\", \"data\": {" + entityData + "}",
              "FIELD_REQUIRED", "type"),
          Arguments.of("an unknown operation",
              "\"type\": \"entity\", \"op\": \"merge\", \"id\": \"{id}\", \"data\": {" + entityData + "}",
              "OPERATION_UNKNOWN", "op"),
          Arguments.of("an id that is not a UUID",
              "\"type\": \"entity\", \"op\": \"create\", \"id\": \"li-1\", \"data\": {" + entityData + "}",
              "FIELD_INVALID", "id"),
          Arguments.of("an unknown member", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"colour\": \"red\", \"data\": {" + entityData + "}", "FIELD_UNKNOWN", "colour"),
          Arguments.of("a base version on a create", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"baseVersion\": 1, \"data\": {" + entityData + "}", "FIELD_INVALID", "baseVersion"),
          Arguments.of("an update without a base version", "\"type\": \"entity\", \"op\": \"update\", "
              + "\"id\": \"{east}\", \"data\": {\"name\": \"x\"}", "FIELD_REQUIRED", "baseVersion"),
          Arguments.of("no data on a create", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\"",
              "FIELD_REQUIRED", "data"),
          Arguments.of("a text field given a number", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"name\": 42, \"creditCode\": \"{code}\", \"category\": \"food_stall\"}",
              "FIELD_WRONG_TYPE", "data.name"),
          Arguments.of("a number field given text", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {" + entityData + ", \"latitude\": \"30.27\"}", "FIELD_WRONG_TYPE", "data.latitude"),
          Arguments.of("a whole number given 7.5", "\"type\": \"notice\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"checkId\": \"{id}\", \"requiredActions\": \"keep a ledger\", \"issuedOn\": \"2026-11-22\","
              + " \"deadlineDays\": 7.5}", "FIELD_WRONG_TYPE", "data.deadlineDays"),
          Arguments.of("an impossible date", "\"type\": \"notice\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"checkId\": \"{id}\", \"requiredActions\": \"keep a ledger\", \"issuedOn\": \"2026-02-30\","
              + " \"deadlineDays\": 7}", "FIELD_INVALID", "data.issuedOn"),
          Arguments.of("a timestamp without offset", "\"type\": \"check\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"entityId\": \"{east}\", \"outcome\": \"passed\", \"performedAt\": \"2026-11-22T09:30:00\"}",
              "FIELD_INVALID", "data.performedAt"),
          Arguments.of("a missing required field", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"creditCode\": \"{code}\", \"category\": \"food_stall\"}", "FIELD_REQUIRED", "data.name"),
          Arguments.of("a field the server sets", "\"type\": \"check\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"entityId\": \"{east}\", \"outcome\": \"passed\", \"inspectorId\": \"{id}\"}",
              "FIELD_INVALID", "data.inspectorId"),
          Arguments.of("an unknown field", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {" + entityData + ", \"owner\": \"老王\"}", "FIELD_UNKNOWN", "data.owner"),
          Arguments.of("an invalid credit code", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"name\": \"老王熟食店\", \"creditCode\": \"91350100M000100Y44\", \"category\": \"food_stall\"}",
              "CREDIT_CODE_INVALID", "data.creditCode"),
          Arguments.of("a credit code in lower case", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"name\": \"老王熟食店\", \"creditCode\": \"91440300708461136t\", \"category\": \"food_stall\"}",
              "CREDIT_CODE_INVALID", "data.creditCode"),
          Arguments.of("a bad checklist result", "\"type\": \"check\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"entityId\": \"{east}\", \"outcome\": \"passed\", \"items\": [{\"code\": \"licence\","
              + " \"result\": \"ok\"}]}", "FIELD_INVALID", "data.items[0].result"),
          Arguments.of("a reference to another station's entity", "\"type\": \"check\", \"op\": \"create\", "
              + "\"id\": \"{id}\", \"data\": {\"entityId\": \"{west}\", \"outcome\": \"passed\"}",
              "REFERENCE_NOT_FOUND", "data.entityId"),
          Arguments.of("a create of an id that exists", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{east}\", "
              + "\"data\": {" + entityData + "}", "RECORD_EXISTS", "id"),
          Arguments.of("an update of another station's record", "\"type\": \"entity\", \"op\": \"update\", "
              + "\"id\": \"{west}\", \"baseVersion\": 1, \"data\": {\"name\": \"x\"}", "OUT_OF_SCOPE", "id"),
          Arguments.of("a phone creating an assignment", "\"type\": \"assignment\", \"op\": \"create\", "
              + "\"id\": \"{id}\", \"data\": {\"status\": \"sent\"}", "OPERATION_NOT_ALLOWED", "op"),
          // Values the database cannot store must be rejected here, not fail the whole batch with a 5xx
          // that the phone would resend forever.
          Arguments.of("text holding a NUL character", "\"type\": \"entity\", \"op\": \"create\", \"id\": \"{id}\", "
              + "\"data\": {\"name\": \"老王\\u0000熟食店\", \"creditCode\": \"{code}\", \"category\": \"food_stall\"}",
              "FIELD_INVALID", "data.name"),
          Arguments.of("a checklist remark holding a NUL character", "\"type\": \"check\", \"op\": \"create\", "
              + "\"id\": \"{id}\", \"data\": {\"entityId\": \"{east}\", \"outcome\": \"passed\", \"items\": "
              + "[{\"code\": \"licence\", \"result\": \"fail\", \"remark\": \"a\\u0000b\"}]}",
              "FIELD_INVALID", "data.items[0].remark"),
          Arguments.of("a date past the database's last day", "\"type\": \"notice\", \"op\": \"create\", "
              + "\"id\": \"{id}\", \"data\": {\"checkId\": \"{id}\", \"requiredActions\": \"keep a ledger\","
              + " \"issuedOn\": \"+5874898-01-01\", \"deadlineDays\": 7}", "FIELD_INVALID", "data.issuedOn"));
    }

    @ParameterizedTest(name = "{0} -> {2} at {3}")
    @MethodSource("cases")
    @DisplayName("answered 200 with the rejection's code and field, recorded for replay, and nothing written")
    void rejected(String what, String members, String code, String field) {
      String mutation = "{\"seq\": 1, " + members.replace("{east}", eastEntity.toString())
          .replace("{west}", westEntity.toString()).replace("{id}", UUID.randomUUID().toString())
          .replace("{code}", Fixtures.creditCode()) + "}";
      List<Long> records = recordCounts();

      Http.Response response = http.post("/sync/push", push(mutation), inspector);

      assertTrue(response.status() < 500, () -> "server error: " + response.text());
      assertEquals(200, response.status(), response.text());
      JsonArray results = response.body().getJsonArray("results");
      assertEquals(1, results.size(), response.text());
      assertRejectedResult(results.getJsonObject(0), 1, code, field);
      assertEquals(1, response.body().getLong("lastSeq"));
      assertEquals(1, lastSeq(PHONE));
      assertEquals(code + " " + field, recordedRejection(1));
      assertEquals(records, recordCounts());
    }
  }

  static List<Long> recordCounts() {
    return Stream.of("business_entities", "assignments", "market_checks", "market_check_items", "hazard_findings",
        "rectification_notices").map(BadInputTest::rows).toList();
  }

  @Test
  @DisplayName("in a batch among good mutations: the good ones apply, the bad ones are rejected, every number is consumed")
  void mixedBatch() {
    UUID newEntity = UUID.randomUUID();
    UUID newCheck = UUID.randomUUID();
    String batch = push(
        entity(1, newEntity),
        entity(2, UUID.randomUUID(), "91350100M000100Y44"),
        check(3, newCheck, newEntity),
        "{\"seq\": 4, \"type\": \"shop\", \"op\": \"create\", \"id\": \"" + UUID.randomUUID() + "\", \"data\": {}}",
        finding(5, newCheck),
        check(6, UUID.randomUUID(), westEntity));

    Http.Response response = http.post("/sync/push", batch, inspector);

    assertEquals(200, response.status(), response.text());
    JsonArray results = response.body().getJsonArray("results");
    assertEquals(List.of("applied", "rejected", "applied", "rejected", "applied", "rejected"),
        results.stream().map(r -> ((JsonObject) r).getString("status")).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), results.stream().map(r -> ((JsonObject) r).getLong("seq")).toList());
    assertRejectedResult(results.getJsonObject(1), 2, "CREDIT_CODE_INVALID", "data.creditCode");
    assertRejectedResult(results.getJsonObject(3), 4, "RECORD_TYPE_UNKNOWN", "type");
    assertRejectedResult(results.getJsonObject(5), 6, "REFERENCE_NOT_FOUND", "data.entityId");
    assertEquals(6, response.body().getLong("lastSeq"));
    assertEquals(6, lastSeq(PHONE));
    assertEquals(3, rows("business_entities"));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM business_entities WHERE id = ?", newEntity));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM market_checks WHERE id = ? AND entity_id = ?", newCheck,
        newEntity));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM hazard_findings WHERE check_id = ? AND entity_id = ?",
        newCheck, newEntity));
    assertEquals(1, rows("market_checks"));
    assertEquals(List.of("none", "CREDIT_CODE_INVALID data.creditCode", "none", "RECORD_TYPE_UNKNOWN type", "none",
        "REFERENCE_NOT_FOUND data.entityId"), IntStream.rangeClosed(1, 6).mapToObj(BadInputTest::recordedRejection)
        .toList());
    assertEquals(3, rows("mutation_outcomes"));
  }

  @Nested
  @DisplayName("in a pull request is refused")
  class Pull {

    @ParameterizedTest(name = "cursor \"{0}\"")
    @ValueSource(strings = {"abc", "0000000000000000000000000000001", "000000000000000000000000000000001",
        "00000000000005EB0000000000000000", "0000000000000zzz0000000000000000", "80000000000000000000000000000000",
        "ffffffffffffffffffffffffffffffff", "2026-11-22T09:30:00+08:00"})
    @DisplayName("with a cursor this server never issued: 400 CURSOR_INVALID at cursor")
    void badCursor(String cursor) {
      String before = databaseState();
      assertError(http.get("/sync/pull?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8), inspector),
          400, "CURSOR_INVALID", "cursor");
      assertEquals(before, databaseState());
    }

    @ParameterizedTest(name = "limit \"{0}\"")
    @ValueSource(strings = {"0", "1001", "abc", "-1", "1.5", "99999999999"})
    @DisplayName("with a limit that is not a whole number from 1 to 1000: 400 PARAMETER_INVALID at limit")
    void badLimit(String limit) {
      assertError(http.get("/sync/pull?limit=" + URLEncoder.encode(limit, StandardCharsets.UTF_8), inspector),
          400, "PARAMETER_INVALID", "limit");
    }

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(strings = {"1", "1000"})
    @DisplayName("but accepts the limits 1 and 1000")
    void limitsAtTheEdges(String limit) {
      Http.Response response = http.get("/sync/pull?limit=" + limit, inspector);
      assertEquals(200, response.status(), response.text());
    }
  }

  @Nested
  @DisplayName("in the bearer token is 401")
  class Tokens {

    static Stream<Arguments> requests() {
      return Stream.of(Arguments.of("POST", "/sync/push"), Arguments.of("GET", "/sync/pull"));
    }

    private Http.Response call(String method, String path, String token) {
      return method.equals("POST") ? http.post(path, push(entity(1)), token) : http.get(path, token);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    @DisplayName("TOKEN_MISSING without one")
    void missing(String method, String path) {
      String before = databaseState();
      assertError(call(method, path, null), 401, "TOKEN_MISSING", null);
      assertEquals(before, databaseState());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    @DisplayName("TOKEN_INVALID for garbage")
    void garbage(String method, String path) {
      String before = databaseState();
      assertError(call(method, path, "garbage"), 401, "TOKEN_INVALID", null);
      assertError(call(method, path, "a.b.c"), 401, "TOKEN_INVALID", null);
      assertEquals(before, databaseState());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    @DisplayName("TOKEN_INVALID when signed with another key")
    void otherKey(String method, String path) {
      TokenService impostor = new TokenService(TokenKeys.es256(Jwts.SIG.ES256.keyPair().build()),
          Duration.ofMinutes(60), Clock.systemUTC());
      String token = impostor.issue(new Actor(li, "li", Role.inspector, east, PHONE)).token();
      String before = databaseState();
      assertError(call(method, path, token), 401, "TOKEN_INVALID", null);
      assertEquals(before, databaseState());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    @DisplayName("TOKEN_INVALID when its claims were edited (an inspector making themself admin)")
    void tampered(String method, String path) {
      String[] parts = inspector.split("\\.");
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      assertEquals("inspector", claims.getString("role"));
      String promoted = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(claims.put("role", "admin").encode().getBytes(StandardCharsets.UTF_8));
      String before = databaseState();
      assertError(call(method, path, parts[0] + "." + promoted + "." + parts[2]), 401, "TOKEN_INVALID", null);
      assertEquals(before, databaseState());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    @DisplayName("TOKEN_EXPIRED once it has expired, even with the server's own signature")
    void expired(String method, String path) throws Exception {
      TokenService yesterday = new TokenService(serverKeys(), Duration.ofMinutes(60),
          Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
      String token = yesterday.issue(new Actor(li, "li", Role.inspector, east, PHONE)).token();
      String before = databaseState();
      assertError(call(method, path, token), 401, "TOKEN_EXPIRED", null);
      assertEquals(before, databaseState());
    }
  }

  @Nested
  @DisplayName("in a login")
  class Login {

    static Stream<Arguments> cases() {
      String good = "\"password\": \"" + Fixtures.PASSWORD + "\", \"deviceId\": \"new-phone\"";
      return Stream.of(
          Arguments.of("a body that is not JSON", "{\"username\": \"li\"", 400, "MALFORMED_JSON", null),
          Arguments.of("a JSON array", "[\"li\", \"" + Fixtures.PASSWORD + "\"]", 400, "MALFORMED_JSON", null),
          Arguments.of("a JSON string", "\"li\"", 400, "MALFORMED_JSON", null),
          Arguments.of("an empty body", "", 400, "MALFORMED_JSON", null),
          Arguments.of("no username", "{" + good + "}", 400, "FIELD_REQUIRED", "username"),
          Arguments.of("a username that is a number", "{\"username\": 42, " + good + "}", 400, "FIELD_WRONG_TYPE",
              "username"),
          Arguments.of("a blank password", "{\"username\": \"li\", \"password\": \" \", \"deviceId\": \"new-phone\"}",
              400, "FIELD_REQUIRED", "password"),
          Arguments.of("no device id", "{\"username\": \"li\", \"password\": \"" + Fixtures.PASSWORD + "\"}", 400,
              "FIELD_REQUIRED", "deviceId"),
          Arguments.of("a device id with spaces", "{\"username\": \"li\", \"password\": \"" + Fixtures.PASSWORD
              + "\", \"deviceId\": \"my phone\"}", 400, "FIELD_INVALID", "deviceId"),
          Arguments.of("a wrong password", "{\"username\": \"li\", \"password\": \"Secret-pass\", "
              + "\"deviceId\": \"new-phone\"}", 401, "LOGIN_FAILED", null),
          Arguments.of("an unknown user", "{\"username\": \"nobody\", " + good + "}", 401, "LOGIN_FAILED", null),
          Arguments.of("a username of another case", "{\"username\": \"LI\", " + good + "}", 401, "LOGIN_FAILED", null),
          // PostgreSQL text cannot hold NUL: the lookup must not reach the database with it.
          Arguments.of("a username holding a NUL character", "{\"username\": \"li\\u0000\", " + good + "}", 400,
              "FIELD_INVALID", "username"),
          Arguments.of("a username of 1001 characters", "{\"username\": \"" + "l".repeat(1001) + "\", " + good + "}",
              400, "FIELD_INVALID", "username"));
    }

    @ParameterizedTest(name = "{0} -> {2} {3} {4}")
    @MethodSource("cases")
    @DisplayName("is refused with the status, code and field, and registers no device")
    void refused(String what, String body, int status, String code, String field) {
      String before = databaseState();
      assertError(http.post("/auth/login", body, null), status, code, field);
      assertEquals(before, databaseState());
      assertEquals(0, Fixtures.count("SELECT count(*) FROM devices WHERE id = 'new-phone'"));
    }

    @Test
    @DisplayName("on a device id registered to another officer is 409 DEVICE_IN_USE, and the device stays theirs")
    void someoneElsesDevice() {
      String before = databaseState();
      assertError(http.post("/auth/login", new JsonObject().put("username", "wang").put("password", Fixtures.PASSWORD)
          .put("deviceId", PHONE).encode(), null), 409, "DEVICE_IN_USE", "deviceId");
      assertEquals(before, databaseState());
      assertEquals(1, Fixtures.count("SELECT count(*) FROM devices WHERE id = ? AND user_id = ?", PHONE, li));
    }
  }

  @Nested
  @DisplayName("in the path or method is answered in JSON")
  class Routing {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET,    /nowhere",
        "GET,    /sync",
        "POST,   /sync/pushes",
        "GET,    /stations",
        "DELETE, /nowhere"
    })
    @DisplayName("404 NOT_FOUND for an unknown path, with or without a token")
    void unknownPath(String method, String path) {
      assertError(http.send(method, path, null), 404, "NOT_FOUND", null);
      assertError(http.send(method, path, inspector), 404, "NOT_FOUND", null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "DELETE, /sync/push",
        "GET,    /sync/push",
        "PUT,    /sync/push",
        "POST,   /sync/pull",
        "GET,    /auth/login",
        "DELETE, /assignments"
    })
    @DisplayName("405 METHOD_NOT_ALLOWED for a known path and the wrong method")
    void wrongMethod(String method, String path) {
      String before = databaseState();
      assertError(http.send(method, path, inspector), 405, "METHOD_NOT_ALLOWED", null);
      assertEquals(before, databaseState());
    }
  }

  @Nested
  @DisplayName("from a desk")
  class Desk {

    @Test
    @DisplayName("an inspector creating an assignment is 403 FORBIDDEN and nothing is written")
    void inspectorCannotAssign() {
      String before = databaseState();
      assertError(http.post("/assignments", assignment().encode(), inspector), 403, "FORBIDDEN", null);
      assertError(http.get("/assignments?dueOn=" + DATE, inspector), 403, "FORBIDDEN", null);
      assertEquals(before, databaseState());
    }

    @Test
    @DisplayName("an inspector asking for tallies is 403 FORBIDDEN")
    void inspectorCannotSeeTallies() {
      assertError(http.get("/units/" + east + "/tallies?day=" + DATE, inspector), 403, "FORBIDDEN", null);
    }

    @Test
    @DisplayName("a supervisor or dispatcher asking for another station's tallies is 403 FORBIDDEN at unitId")
    void otherStationsTallies() {
      assertError(http.get("/units/" + west + "/tallies?day=" + DATE, supervisor), 403, "FORBIDDEN", "unitId");
      assertError(http.get("/units/" + west + "/tallies?day=" + DATE, dispatcher), 403, "FORBIDDEN", "unitId");
      assertEquals(200, http.get("/units/" + east + "/tallies?day=" + DATE, supervisor).status());
    }

    @ParameterizedTest(name = "day \"{0}\"")
    @ValueSource(strings = {"2026-02-30", "22/11/2026", "", "+5874898-01-01"})
    @DisplayName("tallies for a day that is not a date are 400 PARAMETER_INVALID at day")
    void talliesBadDate(String date) {
      assertError(http.get("/units/" + east + "/tallies?day=" + URLEncoder.encode(date, StandardCharsets.UTF_8),
          supervisor), 400, "PARAMETER_INVALID", "day");
    }

    @ParameterizedTest(name = "dueOn \"{0}\"")
    @ValueSource(strings = {"2026-02-30", "tomorrow"})
    @DisplayName("listing assignments for a day that is not a date is 400 PARAMETER_INVALID at dueOn, like a missing one")
    void listBadDate(String dueOn) {
      assertError(http.get("/assignments", dispatcher), 400, "PARAMETER_INVALID", "dueOn");
      assertError(http.get("/assignments?dueOn=" + dueOn, dispatcher), 400, "PARAMETER_INVALID", "dueOn");
    }

    static Stream<Arguments> badAssignments() {
      return Stream.of(
          Arguments.of("an impossible due date", "dueOn", "\"2026-02-30\"", 400, "FIELD_INVALID", "dueOn"),
          Arguments.of("a due date in another format", "dueOn", "\"22/11/2026\"", 400, "FIELD_INVALID", "dueOn"),
          Arguments.of("a due date the database cannot store", "dueOn", "\"+5874898-01-01\"", 400, "FIELD_INVALID",
              "dueOn"),
          Arguments.of("a due date as a number", "dueOn", "20261122", 400, "FIELD_WRONG_TYPE", "dueOn"),
          Arguments.of("no due date", "dueOn", null, 400, "FIELD_REQUIRED", "dueOn"),
          Arguments.of("an unknown inspector", "inspectorIds", "[\"{unknown}\"]", 404, "REFERENCE_NOT_FOUND",
              "inspectorIds[0]"),
          Arguments.of("another station's inspector", "inspectorIds", "[\"{li}\", \"{zhao}\"]", 403, "FORBIDDEN",
              "inspectorIds[1]"),
          Arguments.of("a dispatcher as the inspector", "inspectorIds", "[\"{zhou}\"]", 404, "REFERENCE_NOT_FOUND",
              "inspectorIds[0]"),
          Arguments.of("an inspector id that is not a UUID", "inspectorIds", "[\"li\"]", 400, "FIELD_INVALID",
              "inspectorIds[0]"),
          Arguments.of("an inspector twice", "inspectorIds", "[\"{li}\", \"{li}\"]", 400, "FIELD_INVALID",
              "inspectorIds[1]"),
          Arguments.of("no inspectors", "inspectorIds", "[]", 400, "FIELD_INVALID", "inspectorIds"),
          Arguments.of("one inspector as a string", "inspectorIds", "\"{li}\"", 400, "FIELD_WRONG_TYPE",
              "inspectorIds"),
          Arguments.of("the old single inspectorId field", "inspectorId", "\"{li}\"", 400, "FIELD_UNKNOWN",
              "inspectorId"),
          Arguments.of("an enforcement check with one inspector", "enforcement", "true", 400, "FIELD_INVALID",
              "inspectorIds"),
          Arguments.of("enforcement as a string", "enforcement", "\"yes\"", 400, "FIELD_WRONG_TYPE", "enforcement"),
          Arguments.of("another station's entity", "entityIds", "[\"{west}\"]", 404, "REFERENCE_NOT_FOUND",
              "entityIds[0]"),
          Arguments.of("an entity that does not exist", "entityIds", "[\"{east}\", \"{unknown}\"]", 404,
              "REFERENCE_NOT_FOUND", "entityIds[1]"),
          Arguments.of("no entities", "entityIds", "[]", 400, "FIELD_INVALID", "entityIds"),
          Arguments.of("an entity twice", "entityIds", "[\"{east}\", \"{east}\"]", 400, "FIELD_INVALID", "entityIds[1]"),
          Arguments.of("an entity id that is not a UUID", "entityIds", "[\"stall 12\"]", 400, "FIELD_INVALID",
              "entityIds[0]"),
          Arguments.of("an entity id that is a number", "entityIds", "[12]", 400, "FIELD_WRONG_TYPE", "entityIds[0]"),
          Arguments.of("entities as a string", "entityIds", "\"{east}\"", 400, "FIELD_WRONG_TYPE", "entityIds"),
          Arguments.of("an unknown kind", "kind", "\"patrol\"", 400, "FIELD_INVALID", "kind"),
          Arguments.of("a note that is a number", "note", "5", 400, "FIELD_WRONG_TYPE", "note"));
    }

    @ParameterizedTest(name = "{0} -> {3} {4} at {5}")
    @MethodSource("badAssignments")
    @DisplayName("a dispatcher's assignment with a bad field is refused with status, code and field, and not stored")
    void badAssignment(String what, String member, String value, int status, String code, String field) {
      JsonObject body = assignment();
      if (value == null) {
        body.remove(member);
      } else {
        body.put(member, new JsonObject("{\"v\": " + value.replace("{unknown}", UUID.randomUUID().toString())
            .replace("{zhao}", zhao.toString()).replace("{zhou}", zhou.toString()).replace("{li}", li.toString())
            .replace("{west}", westEntity.toString()).replace("{east}", eastEntity.toString()) + "}").getValue("v"));
      }
      String before = databaseState();
      assertError(http.post("/assignments", body.encode(), dispatcher), status, code, field);
      assertEquals(before, databaseState());
      assertEquals(0, rows("assignments"));
    }

    @Test
    @DisplayName("while the same assignment with good fields is created (the cases above differ from it in one field only)")
    void goodAssignment() {
      Http.Response response = http.post("/assignments", assignment().encode(), dispatcher);
      assertEquals(201, response.status(), response.text());
      assertEquals(1, rows("assignments"));
    }
  }
}
