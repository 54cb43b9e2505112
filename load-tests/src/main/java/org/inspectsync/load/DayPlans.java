package org.inspectsync.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.inspectsync.protocol.ProtocolVersion;
import org.inspectsync.server.identity.Passwords;
import org.inspectsync.server.identity.Role;

/**
 * Each station's dispatcher plans the day through the API, {@code POST /assignments/plan}, one
 * request per station: a routine round for every inspector and a few enforcement follow-ups of a
 * complaint, each for two inspectors. The server writes the assignments, the audit row, a receipt
 * for every device concerned and the hints, as for a real plan. The dispatchers are users written
 * by JDBC, holding tokens issued with the server's key.
 */
final class DayPlans {

  private static final int THREADS = 2;

  /** What was planned: assignment ids by the inspector's user id, and how long the plans took. */
  record Planned(Map<UUID, Set<UUID>> byInspector, int assignments, int requests, Duration elapsed) {
  }

  private DayPlans() {
  }

  static Planned write(Connection db, URI base, HttpClient http, List<Fleet.Device> devices, IssuedTokens tokens,
      MorningSettings settings, String runTag, long deadlineNanos) throws Exception {
    Map<UUID, List<Fleet.Device>> byStation = new HashMap<>();
    devices.forEach(d -> byStation.computeIfAbsent(d.inspector().stationId(), s -> new ArrayList<>()).add(d));
    List<UUID> stations = List.copyOf(byStation.keySet());
    Map<UUID, List<UUID>> registers = registers(db, stations);
    Map<UUID, String> dispatcherTokens = dispatchers(db, stations, tokens, runTag);
    Map<UUID, Set<UUID>> planned = new ConcurrentHashMap<>();
    LocalDate today = LocalDate.now(ZoneId.of(CityFixtures.TIME_ZONE));
    long start = System.nanoTime();
    Parallel.each(stations.size(), THREADS, deadlineNanos, i -> {
      UUID station = stations.get(i);
      JsonArray plan = plan(byStation.get(station), registers.get(station), settings, today, planned);
      post(base, http, dispatcherTokens.get(station), new JsonObject().put("assignments", plan));
    });
    int assignments = (int) planned.values().stream().flatMap(Set::stream).distinct().count();
    return new Planned(planned, assignments, stations.size(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** The station's plan; records who is to receive which assignment in {@code planned}. */
  private static JsonArray plan(List<Fleet.Device> inspectors, List<UUID> register, MorningSettings settings,
      LocalDate today, Map<UUID, Set<UUID>> planned) {
    JsonArray plan = new JsonArray();
    for (int k = 0; k < inspectors.size(); k++) {
      JsonArray round = new JsonArray();
      for (int e = 0; e < settings.round(); e++) {
        round.add(register.get((k * settings.round() + e) % register.size()).toString());
      }
      plan.add(assignment(List.of(inspectors.get(k)), round, "routine", today, false, "日常巡查", planned));
    }
    for (int p = 0; p < settings.pairs() && 2 * p + 1 < inspectors.size(); p++) {
      JsonArray entity = new JsonArray().add(register.get((7 * p + 3) % register.size()).toString());
      plan.add(assignment(inspectors.subList(2 * p, 2 * p + 2), entity, "complaint", today, true,
          "12315转办：售卖来源不明水产品，现场取证", planned));
    }
    return plan;
  }

  private static JsonObject assignment(List<Fleet.Device> inspectors, JsonArray entities, String kind,
      LocalDate dueOn, boolean enforcement, String note, Map<UUID, Set<UUID>> planned) {
    UUID id = UUID.randomUUID();
    JsonArray ids = new JsonArray();
    for (Fleet.Device inspector : inspectors) {
      ids.add(inspector.userId().toString());
      planned.computeIfAbsent(inspector.userId(), u -> ConcurrentHashMap.newKeySet()).add(id);
    }
    return new JsonObject().put("id", id.toString()).put("inspectorIds", ids).put("entityIds", entities)
        .put("kind", kind).put("dueOn", dueOn.toString()).put("enforcement", enforcement).put("note", note);
  }

  private static void post(URI base, HttpClient http, String token, JsonObject plan) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/assignments/plan"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header(ProtocolVersion.HEADER, Integer.toString(ProtocolVersion.CURRENT))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(plan.encode()))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("plan refused: " + response.statusCode() + " " + response.body());
    }
  }

  /** Each station's register of entities, in the order of their names. */
  private static Map<UUID, List<UUID>> registers(Connection db, List<UUID> stations) throws SQLException {
    Map<UUID, List<UUID>> registers = new HashMap<>();
    try (PreparedStatement query = db.prepareStatement(
        "SELECT station_id, id FROM business_entities WHERE station_id = ANY (?) ORDER BY station_id, name")) {
      query.setArray(1, db.createArrayOf("uuid", stations.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          registers.computeIfAbsent(rows.getObject(1, UUID.class), s -> new ArrayList<>())
              .add(rows.getObject(2, UUID.class));
        }
      }
    }
    return registers;
  }

  /** A dispatcher per station, written by JDBC; returns each station's dispatcher token. */
  private static Map<UUID, String> dispatchers(Connection db, List<UUID> stations, IssuedTokens tokens, String runTag)
      throws SQLException {
    Map<UUID, String> issued = new HashMap<>();
    String hash = Passwords.hash(CityFixtures.PASSWORD);
    try (PreparedStatement insert = db.prepareStatement("""
        INSERT INTO users (id, username, display_name, password_hash, role, unit_id)
        VALUES (?, ?, '调度 (load)', ?, 'dispatcher', ?)
        """)) {
      for (int s = 0; s < stations.size(); s++) {
        UUID station = stations.get(s);
        UUID id = UUID.randomUUID();
        String username = String.format("load-%s-d%04d", runTag, s + 1);
        insert.setObject(1, id);
        insert.setString(2, username);
        insert.setString(3, hash);
        insert.setObject(4, station);
        insert.addBatch();
        issued.put(station, tokens.issue(id, username, Role.dispatcher, station, "load-desk-" + username));
      }
      insert.executeBatch();
    }
    if (!db.getAutoCommit()) {
      db.commit();
    }
    return issued;
  }

  /** Receipts the pulls marked delivered, for the planned assignments at their first version. */
  static long deliveredReceipts(Connection db, Planned planned) throws SQLException {
    Set<UUID> ids = new HashSet<>();
    planned.byInspector().values().forEach(ids::addAll);
    try (PreparedStatement query = db.prepareStatement(
        "SELECT count(*) FROM assignment_receipts WHERE assignment_id = ANY (?) AND delivered_version = 1")) {
      Array array = db.createArrayOf("uuid", ids.toArray());
      query.setArray(1, array);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
