package org.inspectsync.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role against the office endpoints, on its own station and on the other one. A bureau
 * (district) supervisor sees both stations below it; a station's people see their station only.
 * Read-only calls are repeated on one fixture; the one call that writes (revoke) comes last.
 */
@DisplayName("Who may read and change what, across two stations of one district")
class ScopeMatrixTest {

  private static final TestServer server = TestServer.shared();
  private static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
  private static final Map<String, String> TOKENS = new HashMap<>();
  private static final Map<String, String> IDS = new HashMap<>();
  private static final AtomicLong SEQ = new AtomicLong();

  @BeforeAll
  static void district() {
    TestDatabase.reset();
    UUID district = UUID.randomUUID();
    Fixtures.update("INSERT INTO org_units (id, kind, name) VALUES (?, 'bureau', 'district')", district);
    for (String station : List.of("east", "west")) {
      UUID id = UUID.randomUUID();
      Fixtures.update("INSERT INTO org_units (id, kind, name, parent_id) VALUES (?, 'station', ?, ?)", id, station,
          district);
      IDS.put(station, id.toString());
      UUID inspector = Fixtures.user(station + "-inspector", "inspector", id);
      Fixtures.user(station + "-dispatcher", "dispatcher", id);
      Fixtures.user(station + "-supervisor", "supervisor", id);
      UUID entity = Fixtures.entity(id);
      UUID assignment = UUID.randomUUID();
      Fixtures.update("INSERT INTO assignments (id, station_id, inspector_ids, ever_assigned, entity_ids, kind, due_on)"
          + " VALUES (?, ?, ARRAY[?]::uuid[], ARRAY[?]::uuid[], ARRAY[?]::uuid[], 'routine', ?::date)", assignment, id,
          inspector, inspector, entity, TODAY);
      IDS.put(station + "-assignment", assignment.toString());
      UUID conflict = UUID.randomUUID();
      Fixtures.update("INSERT INTO conflicts (id, station_id, record_type, record_id, kind, field, lost_value)"
          + " VALUES (?, ?, 'entity', ?, 'field', 'name', '\"old name\"')", conflict, id, entity);
      IDS.put(station + "-conflict", conflict.toString());
      IDS.put(station + "-entity", entity.toString());
      IDS.put(station + "-inspector", inspector.toString());
    }
    Fixtures.user("district-supervisor", "supervisor", district);
    Fixtures.user("admin", "admin", district);
    for (String user : List.of("east-inspector", "east-dispatcher", "east-supervisor", "west-inspector",
        "district-supervisor", "admin")) {
      SyncClient client = server.client();
      client.login(user, Fixtures.PASSWORD, user + "-device");
      TOKENS.put(user, client.token());
    }
  }

  /** caller, method, path ({east}, {west}, {west-assignment} ... are replaced), expected status. */
  static Stream<Arguments> matrix() {
    return Stream.of(
        // tallies: station people for their station, supervisors for their subtree
        row("east-inspector", "GET", "/units/{east}/tallies?day=" + TODAY, 403),
        row("east-dispatcher", "GET", "/units/{east}/tallies?day=" + TODAY, 200),
        row("east-supervisor", "GET", "/units/{east}/tallies?day=" + TODAY, 200),
        row("east-supervisor", "GET", "/units/{west}/tallies?day=" + TODAY, 403),
        row("east-dispatcher", "GET", "/units/{west}/tallies?day=" + TODAY, 403),
        row("district-supervisor", "GET", "/units/{west}/tallies?day=" + TODAY, 200),
        row("admin", "GET", "/units/{east}/tallies?day=" + TODAY, 200),
        // lists: allowed roles only
        row("east-inspector", "GET", "/assignments?dueOn=" + TODAY, 403),
        row("east-dispatcher", "GET", "/assignments?dueOn=" + TODAY, 200),
        row("east-inspector", "GET", "/conflicts", 403),
        row("east-supervisor", "GET", "/conflicts", 200),
        row("east-inspector", "GET", "/parked", 403),
        row("east-supervisor", "GET", "/parked", 200),
        row("east-dispatcher", "GET", "/parked", 200),
        row("east-supervisor", "GET", "/devices", 200),
        row("admin", "GET", "/devices", 200),
        row("east-inspector", "GET", "/assignments?dueOn=" + TODAY, 403),
        row("east-inspector", "GET", "/devices", 403),
        row("east-dispatcher", "GET", "/devices", 403),
        row("east-inspector", "GET", "/notice-numbers/blocks", 403),
        row("east-supervisor", "GET", "/notice-numbers/blocks", 200),
        row("east-inspector", "GET", "/sync/pull", 200),
        // changes outside one's scope
        row("east-dispatcher", "POST", "/assignments/{west-assignment}/cancel", 403),
        row("east-inspector", "POST", "/assignments/{east-assignment}/cancel", 403),
        row("east-supervisor", "POST", "/conflicts/{west-conflict}/resolve", 403),
        row("east-dispatcher", "POST", "/conflicts/{east-conflict}/resolve", 403),
        row("east-supervisor", "POST", "/devices/west-inspector-device/revoke", 403),
        row("east-supervisor", "POST", "/devices/nobody-device/revoke", 404),
        row("east-inspector", "POST", "/notice-numbers/blocks", 201),
        row("east-inspector", "POST", "/devices/west-inspector-device/revoke", 403),
        row("east-supervisor", "POST", "/conflicts/{east-conflict}/resolve", 200),
        row("district-supervisor", "POST", "/conflicts/{west-conflict}/resolve", 200),
        row("district-supervisor", "POST", "/devices/west-inspector-device/revoke", 200));
  }

  private static Arguments row(String caller, String method, String path, int status) {
    return Arguments.of(caller, method, path, status);
  }

  @ParameterizedTest(name = "{0}: {1} {2} -> {3}")
  @MethodSource("matrix")
  @DisplayName("each call is allowed or refused as its role and unit say")
  void call(String caller, String method, String path, int expected) {
    String resolved = path;
    for (Map.Entry<String, String> id : IDS.entrySet()) {
      resolved = resolved.replace("{" + id.getKey() + "}", id.getValue());
    }
    Http.Response response = method.equals("GET")
        ? server.http().get(resolved, TOKENS.get(caller))
        : server.http().post(resolved, new JsonObject().put("keep", true).encode(), TOKENS.get(caller));
    assertEquals(expected, response.status(), response.text());
    if (expected == 403) {
      assertEquals(Set.of("FORBIDDEN"), Set.of(response.body().getString("code")));
    }
  }

  @ParameterizedTest(name = "{0} sees {1}")
  @MethodSource("visibility")
  @DisplayName("lists show the caller's subtree and nothing beyond it")
  void lists(String caller, Set<String> stations) {
    Http.Response assignments = server.http().get("/assignments?dueOn=" + TODAY, TOKENS.get(caller));
    Set<String> seen = assignments.body().getJsonArray("assignments").stream()
        .map(a -> ((JsonObject) a).getString("id"))
        .map(id -> id.equals(IDS.get("east-assignment")) ? "east" : id.equals(IDS.get("west-assignment")) ? "west" : "?")
        .collect(Collectors.toSet());
    assertEquals(stations, seen);
  }

  static Stream<Arguments> visibility() {
    return Stream.of(
        Arguments.of("east-dispatcher", Set.of("east")),
        Arguments.of("east-supervisor", Set.of("east")),
        Arguments.of("district-supervisor", Set.of("east", "west")),
        Arguments.of("admin", Set.of("east", "west")));
  }

  @ParameterizedTest(name = "{0} creates an assignment for the {1} inspector -> {2}")
  @MethodSource("assigning")
  @DisplayName("assignments are made by dispatchers and admins, for inspectors of their own station")
  void createAssignment(String caller, String station, int expected) {
    String body = new JsonObject()
        .put("inspectorIds", new JsonArray().add(IDS.get(station + "-inspector")))
        .put("entityIds", new JsonArray().add(IDS.get(station + "-entity")))
        // Due tomorrow, so the lists of today's assignments stay as the fixture made them.
        .put("dueOn", LocalDate.parse(TODAY).plusDays(1).toString()).put("kind", "routine").encode();
    Http.Response response = server.http().post("/assignments", body, TOKENS.get(caller));
    assertEquals(expected, response.status(), response.text());
  }

  static Stream<Arguments> assigning() {
    return Stream.of(
        Arguments.of("east-dispatcher", "east", 201),
        Arguments.of("east-dispatcher", "west", 403),
        Arguments.of("east-inspector", "east", 403),
        Arguments.of("east-supervisor", "east", 403));
  }

  @ParameterizedTest(name = "{0} station''s entity -> {1}")
  @MethodSource("pushing")
  @DisplayName("a phone changes records of its own station only; the other station's are OUT_OF_SCOPE")
  void push(String station, String expected) {
    String body = new JsonObject().put("mutations", new JsonArray().add(new JsonObject()
        .put("seq", SEQ.incrementAndGet()).put("type", "entity").put("op", "update").put("id", IDS.get(station + "-entity"))
        .put("baseVersion", 1).put("data", new JsonObject().put("address", "row 3")))).encode();
    Http.Response response = server.http().post("/sync/push", body, TOKENS.get("east-inspector"));
    assertEquals(200, response.status(), response.text());
    JsonObject result = response.body().getJsonArray("results").getJsonObject(0);
    assertEquals(expected, result.getString("code", result.getString("status")));
  }

  static Stream<Arguments> pushing() {
    return Stream.of(Arguments.of("east", "applied"), Arguments.of("west", "OUT_OF_SCOPE"));
  }

}
