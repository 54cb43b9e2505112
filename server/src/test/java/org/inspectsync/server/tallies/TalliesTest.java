package org.inspectsync.server.tallies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The supervisor's numbers must equal a recount of what the phones sent. The expected figures
 * are kept by the test itself while it generates the day, not read back from the database.
 */
@DisplayName("A station's tallies for a day equal a recount of the day's work")
class TalliesTest {

  private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  private static final List<String> CATEGORIES = List.of("hygiene", "licensing", "labelling");
  private static final TestServer server = TestServer.shared();
  private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
  private UUID station;
  private final List<UUID> inspectors = new ArrayList<>();
  private final List<UUID> entities = new ArrayList<>();

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    station = Fixtures.station("east");
    for (int i = 0; i < 3; i++) {
      inspectors.add(Fixtures.user("inspector" + i, "inspector", station));
    }
    Fixtures.user("zhao", "dispatcher", station);
    Fixtures.user("chen", "supervisor", station);
    for (int i = 0; i < 12; i++) {
      entities.add(Fixtures.entity(station));
    }
  }

  @ParameterizedTest(name = "workload seed {0}")
  @ValueSource(longs = {1, 2, 3})
  @DisplayName("after a randomized day, every number equals the test's own count and a recount of the tables")
  void randomizedDay(long seed) {
    Random random = new Random(seed);
    SyncClient dispatcher = server.client();
    dispatcher.login("zhao", Fixtures.PASSWORD, "desk");

    // Assignments: each inspector gets 3 entities due today; one for tomorrow does not count.
    List<UUID> assignments = new ArrayList<>();
    for (int i = 0; i < inspectors.size(); i++) {
      assignments.add(assign(dispatcher, inspectors.get(i), entities.subList(i * 3, i * 3 + 3), today));
    }
    assign(dispatcher, inspectors.get(0), entities.subList(9, 12), today.plusDays(1));

    long checks = 0;
    long passed = 0;
    long notices = 0;
    long overdue = 0;
    Map<String, Long> hazards = new HashMap<>();
    Map<String, Long> categories = new HashMap<>();
    SEVERITIES.forEach(severity -> hazards.put(severity, 0L));
    Set<String> visitsDone = new HashSet<>();
    Map<UUID, Long> checksByInspector = new HashMap<>();

    for (int i = 0; i < inspectors.size(); i++) {
      Phone phone = server.phone("inspector" + i);
      UUID assignment = assignments.get(i);
      List<UUID> assigned = entities.subList(i * 3, i * 3 + 3);
      int count = 3 + random.nextInt(5);
      for (int c = 0; c < count; c++) {
        UUID entity = entities.get(random.nextInt(entities.size()));
        boolean onAssignment = assigned.contains(entity) && random.nextBoolean();
        String outcome = random.nextBoolean() ? "passed" : "hazards_found";
        Map<String, Object> check = new HashMap<>(Map.of("entityId", entity.toString(), "outcome", outcome));
        if (onAssignment) {
          check.put("assignmentId", assignment.toString());
        }
        UUID checkId = phone.create(RecordType.CHECK, check);
        boolean checkDeleted = random.nextInt(6) == 0;
        boolean changesOutcome = !checkDeleted && random.nextInt(5) == 0;
        if (changesOutcome) {
          outcome = outcome.equals("passed") ? "hazards_found" : "passed";
          phone.update(RecordType.CHECK, checkId, Map.of("outcome", outcome));
        }
        for (int f = random.nextInt(3); f > 0; f--) {
          String severity = SEVERITIES.get(random.nextInt(SEVERITIES.size()));
          String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
          UUID finding = phone.create(RecordType.FINDING, Map.of("checkId", checkId.toString(),
              "category", category, "severity", severity));
          if (random.nextInt(5) == 0) {
            phone.delete(RecordType.FINDING, finding);
          } else if (random.nextInt(4) == 0) {
            String raised = SEVERITIES.get(random.nextInt(SEVERITIES.size()));
            phone.update(RecordType.FINDING, finding, Map.of("severity", raised));
            hazards.merge(raised, 1L, Long::sum);
            categories.merge(category, 1L, Long::sum);
          } else {
            hazards.merge(severity, 1L, Long::sum);
            categories.merge(category, 1L, Long::sum);
          }
        }
        if (random.nextBoolean()) {
          int age = random.nextInt(20);
          int deadline = 1 + random.nextInt(14);
          boolean verified = random.nextInt(4) == 0;
          UUID notice = phone.create(RecordType.NOTICE, Map.of("checkId", checkId.toString(),
              "requiredActions", "fix it", "issuedOn", today.minusDays(age).toString(), "deadlineDays", deadline));
          if (verified) {
            phone.update(RecordType.NOTICE, notice, Map.of("status", "verified"));
          }
          notices++;
          if (!verified && today.minusDays(age).plusDays(deadline).isBefore(today)) {
            overdue++;
          }
        }
        if (checkDeleted) {
          phone.delete(RecordType.CHECK, checkId);
        } else {
          checks++;
          passed += outcome.equals("passed") ? 1 : 0;
          checksByInspector.merge(inspectors.get(i), 1L, Long::sum);
          if (onAssignment) {
            visitsDone.add(assignment + "/" + entity);
          }
        }
      }
      phone.sync();
      assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
    }

    SyncClient supervisor = server.client();
    supervisor.login("chen", Fixtures.PASSWORD, "supervisor-tablet");
    Http.Response response = server.http().get("/units/" + station + "/tallies?day=" + today, supervisor.token());
    assertEquals(200, response.status(), response.text());
    JsonObject totals = response.body().getJsonObject("totals");
    assertEquals(checks, totals.getLong("checksDone"));
    assertEquals(passed, totals.getLong("checksPassed"));
    assertEquals(9, totals.getLong("visitsPlanned"));
    assertEquals(visitsDone.size(), totals.getLong("visitsDone"));
    assertEquals(3, totals.getLong("assignmentsSent"));
    for (String severity : SEVERITIES) {
      assertEquals(hazards.get(severity), totals.getJsonObject("hazardsBySeverity").getLong(severity), severity);
    }
    for (String category : CATEGORIES) {
      assertEquals(categories.getOrDefault(category, 0L),
          totals.getJsonObject("hazardsByCategory").getLong(category, 0L), category);
    }
    assertEquals(notices, totals.getLong("noticesIssued"));
    assertEquals(overdue, totals.getLong("noticesOverdue"));
    long hourly = response.body().getJsonArray("byHour").stream().mapToLong(n -> ((Number) n).longValue()).sum();
    assertEquals(checks, hourly, "checks by hour add up to the day's checks");
    for (Object item : response.body().getJsonArray("inspectors")) {
      JsonObject inspector = (JsonObject) item;
      assertEquals(checksByInspector.getOrDefault(UUID.fromString(inspector.getString("inspectorId")), 0L),
          inspector.getLong("checksDone"), inspector.getString("name"));
    }
    assertEquals(recount(), counted(totals), "the incremental counts equal a recount of the tables");

    Http.Response yesterday = server.http().get("/units/" + station + "/tallies?day=" + today.minusDays(1),
        supervisor.token());
    assertEquals(0, yesterday.body().getJsonObject("totals").getLong("checksDone"), "nothing was received yesterday");
  }

  /** The incremental figures, in the shape of {@link #recount()}. */
  private static String counted(JsonObject totals) {
    return totals.getLong("checksDone") + "/" + totals.getLong("checksPassed") + "/"
        + totals.getJsonObject("hazardsBySeverity").getLong("high") + "/" + totals.getLong("noticesIssued");
  }

  /** The same figures counted afresh from the record tables, without tally_counts. */
  private String recount() {
    String day = "(%s.received_at AT TIME ZONE 'Asia/Shanghai')::date = '" + today + "'";
    return Fixtures.count("SELECT count(*) FROM market_checks c WHERE NOT c.deleted AND " + day.formatted("c")) + "/"
        + Fixtures.count("SELECT count(*) FROM market_checks c WHERE NOT c.deleted AND c.outcome = 'passed' AND "
            + day.formatted("c")) + "/"
        + Fixtures.count("SELECT count(*) FROM hazard_findings f WHERE NOT f.deleted AND f.severity = 'high' AND "
            + day.formatted("f")) + "/"
        + Fixtures.count("SELECT count(*) FROM rectification_notices n WHERE NOT n.deleted AND " + day.formatted("n"));
  }

  private UUID assign(SyncClient dispatcher, UUID inspector, List<UUID> chosen, LocalDate dueOn) {
    JsonArray ids = new JsonArray();
    chosen.forEach(id -> ids.add(id.toString()));
    Http.Response created = server.http().post("/assignments", new JsonObject()
        .put("inspectorIds", new JsonArray().add(inspector.toString()))
        .put("entityIds", ids).put("dueOn", dueOn.toString()).put("kind", "routine").encode(), dispatcher.token());
    assertEquals(201, created.status(), created.text());
    return UUID.fromString(created.body().getString("id"));
  }
}
