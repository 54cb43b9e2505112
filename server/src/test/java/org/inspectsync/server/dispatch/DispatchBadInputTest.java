package org.inspectsync.server.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.stream.Stream;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Draws, recusals and assignment edits refuse bad input with status, code and field, and store nothing")
class DispatchBadInputTest {

  private static final TestServer server = TestServer.shared();
  private static final String TABLES = "SELECT (SELECT count(*) FROM draws) || '/' || (SELECT count(*) FROM recusals)"
      + " || '/' || (SELECT count(*) FROM assignments) || '/' || (SELECT coalesce(sum(version), 0) FROM assignments)"
      + " || '/' || (SELECT count(*) FROM audit_log)";
  private String dispatcher;
  private String inspector;
  private UUID li;
  private UUID wang;
  private UUID entity;
  private UUID westEntity;
  private UUID assignment;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    UUID east = Fixtures.station("east");
    UUID west = Fixtures.station("west");
    li = Fixtures.user("li", "inspector", east);
    wang = Fixtures.user("wang", "inspector", east);
    Fixtures.user("zhao", "dispatcher", east);
    Fixtures.user("qian", "inspector", west);
    entity = Fixtures.entity(east);
    westEntity = Fixtures.entity(west);
    dispatcher = server.client().login("zhao", Fixtures.PASSWORD, "dispatch-desk").token();
    inspector = server.client().login("li", Fixtures.PASSWORD, "li-phone").token();
    Http.Response created = server.http().post("/assignments", new JsonObject()
        .put("inspectorIds", new JsonArray().add(li.toString())).put("entityIds", new JsonArray().add(entity.toString()))
        .put("dueOn", "2026-11-23").put("kind", "routine").encode(), dispatcher);
    assertEquals(201, created.status(), created.text());
    assignment = UUID.fromString(created.body().getString("id"));
  }

  private String fill(String json) {
    return json.replace("{li}", li.toString()).replace("{wang}", wang.toString()).replace("{entity}", entity.toString())
        .replace("{west}", westEntity.toString()).replace("{unknown}", UUID.randomUUID().toString());
  }

  static Stream<Arguments> cases() {
    String draw = "{\"title\": \"week 47\", \"dueOn\": \"2026-11-25\", \"count\": 1";
    String recusal = "{\"inspectorId\": \"{li}\", \"entityId\": \"{entity}\", \"reason\": \"cousin\"";
    return Stream.of(
        Arguments.of("POST", "/draws", draw + "}", "inspector", 403, "FORBIDDEN", null),
        Arguments.of("POST", "/draws", "{\"dueOn\": \"2026-11-25\", \"count\": 1}", "dispatcher", 400, "FIELD_REQUIRED",
            "title"),
        Arguments.of("POST", "/draws", draw.replace("\"count\": 1", "\"count\": 0") + "}", "dispatcher", 400, "FIELD_INVALID", "count"),
        Arguments.of("POST", "/draws", draw.replace("\"count\": 1", "\"count\": \"1\"") + "}", "dispatcher", 400, "FIELD_WRONG_TYPE", "count"),
        Arguments.of("POST", "/draws", draw.replace("\"count\": 1", "\"count\": 1.5") + "}", "dispatcher", 400, "FIELD_INVALID", "count"),
        Arguments.of("POST", "/draws", draw + ", \"seed\": \"zz\"}", "dispatcher", 400, "FIELD_INVALID", "seed"),
        Arguments.of("POST", "/draws", draw + ", \"seed\": \"00ff\"}", "dispatcher", 400, "FIELD_INVALID", "seed"),
        Arguments.of("POST", "/draws", draw + ", \"kind\": \"raid\"}", "dispatcher", 400, "FIELD_INVALID", "kind"),
        Arguments.of("POST", "/draws", draw + ", \"pool\": []}", "dispatcher", 400, "FIELD_WRONG_TYPE", "pool"),
        Arguments.of("POST", "/draws", draw + ", \"pool\": {\"categories\": []}}", "dispatcher", 400, "FIELD_INVALID",
            "pool.categories"),
        Arguments.of("POST", "/draws", draw + ", \"pool\": {\"riskLevels\": [3]}}", "dispatcher", 400, "FIELD_INVALID",
            "pool.riskLevels[0]"),
        Arguments.of("POST", "/draws", draw + ", \"pool\": {\"inspectorIds\": [\"{li}\", \"{unknown}\"]}}", "dispatcher",
            404, "REFERENCE_NOT_FOUND", "pool.inspectorIds"),
        Arguments.of("POST", "/draws", draw + ", \"extra\": 1}", "dispatcher", 400, "FIELD_UNKNOWN", "extra"),
        Arguments.of("POST", "/draws", draw.replace("2026-11-25", "2026-13-01") + "}", "dispatcher", 400,
            "FIELD_INVALID", "dueOn"),
        Arguments.of("POST", "/recusals", recusal + "}", "inspector", 403, "FORBIDDEN", null),
        Arguments.of("POST", "/recusals", recusal.replace("{entity}", "{west}") + "}", "dispatcher", 404,
            "REFERENCE_NOT_FOUND", "entityId"),
        Arguments.of("POST", "/recusals", recusal.replace("{li}", "{unknown}") + "}", "dispatcher", 404,
            "REFERENCE_NOT_FOUND", "inspectorId"),
        Arguments.of("POST", "/recusals", recusal.replace("\"cousin\"", "\"\"") + "}", "dispatcher", 400,
            "FIELD_REQUIRED", "reason"),
        Arguments.of("POST", "/recusals", recusal.replace("{li}", "li") + "}", "dispatcher", 400, "FIELD_INVALID",
            "inspectorId"),
        Arguments.of("PATCH", "/assignments/{assignment}", "{\"note\": \"x\"}", "dispatcher", 400, "FIELD_REQUIRED",
            "baseVersion"),
        Arguments.of("PATCH", "/assignments/{assignment}", "{\"baseVersion\": \"1\"}", "dispatcher", 400,
            "FIELD_WRONG_TYPE", "baseVersion"),
        Arguments.of("PATCH", "/assignments/{assignment}", "{\"baseVersion\": 1, \"inspectorIds\": []}", "dispatcher",
            400, "FIELD_INVALID", "inspectorIds"),
        Arguments.of("PATCH", "/assignments/{assignment}", "{\"baseVersion\": 1, \"enforcement\": true}", "dispatcher",
            400, "FIELD_INVALID", "inspectorIds"),
        Arguments.of("PATCH", "/assignments/{assignment}", "{\"baseVersion\": 1, \"entityIds\": [\"{west}\"]}",
            "dispatcher", 404, "REFERENCE_NOT_FOUND", "entityIds[0]"),
        Arguments.of("PATCH", "/assignments/{assignment}", "{\"baseVersion\": 1, \"id\": \"{unknown}\"}", "dispatcher",
            400, "FIELD_UNKNOWN", "id"),
        Arguments.of("PATCH", "/assignments/{unknown}", "{\"baseVersion\": 1}", "dispatcher", 404, "NOT_FOUND",
            "assignmentId"),
        Arguments.of("PATCH", "/assignments/{assignment}", "{\"baseVersion\": 1}", "inspector", 403, "FORBIDDEN", null),
        Arguments.of("POST", "/assignments/plan", "{\"assignments\": []}", "dispatcher", 400, "FIELD_INVALID",
            "assignments"),
        Arguments.of("POST", "/assignments/plan", "{\"assignments\": [1]}", "dispatcher", 400, "FIELD_WRONG_TYPE",
            "assignments[0]"),
        Arguments.of("POST", "/assignments/plan", "{\"assignments\": [{\"inspectorIds\": [\"{li}\"]}]}", "dispatcher",
            400, "FIELD_REQUIRED", "assignments[0].entityIds"));
  }

  @ParameterizedTest(name = "{0} {1} {2} as {3} -> {4} {5} at {6}")
  @MethodSource("cases")
  void refused(String method, String path, String body, String caller, int status, String code, String field) {
    String before = Fixtures.row(TABLES).getString("?column?");
    String url = fill(path.replace("{assignment}", assignment.toString()));
    String token = caller.equals("dispatcher") ? dispatcher : inspector;
    Http.Response response = method.equals("PATCH")
        ? server.http().patch(url, fill(body), token)
        : server.http().post(url, fill(body), token);
    assertEquals(status, response.status(), response.text());
    assertEquals(code, response.body().getString("code"), response.text());
    assertEquals(field, response.body().getString("field"), response.text());
    assertEquals(before, Fixtures.row(TABLES).getString("?column?"), "nothing was stored");
  }
}
