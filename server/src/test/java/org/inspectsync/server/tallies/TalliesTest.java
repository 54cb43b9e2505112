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
  @DisplayName("after a randomized day, every number equals the recount")
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
    long notices = 0;
    long overdue = 0;
    Map<String, Long> hazards = new HashMap<>();
    SEVERITIES.forEach(severity -> hazards.put(severity, 0L));
    Set<String> visitsDone = new HashSet<>();

    for (int i = 0; i < inspectors.size(); i++) {
      Phone phone = server.phone("inspector" + i);
      UUID assignment = assignments.get(i);
      List<UUID> assigned = entities.subList(i * 3, i * 3 + 3);
      int count = 3 + random.nextInt(5);
      for (int c = 0; c < count; c++) {
        UUID entity = entities.get(random.nextInt(entities.size()));
        boolean onAssignment = assigned.contains(entity) && random.nextBoolean();
        Map<String, Object> check = new HashMap<>(Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
        if (onAssignment) {
          check.put("assignmentId", assignment.toString());
        }
        UUID checkId = phone.create(RecordType.CHECK, check);
        boolean checkDeleted = random.nextInt(6) == 0;
        for (int f = random.nextInt(3); f > 0; f--) {
          String severity = SEVERITIES.get(random.nextInt(SEVERITIES.size()));
          UUID finding = phone.create(RecordType.FINDING, Map.of("checkId", checkId.toString(),
              "category", "hygiene", "severity", severity));
          if (random.nextInt(5) == 0) {
            phone.delete(RecordType.FINDING, finding);
          } else {
            hazards.merge(severity, 1L, Long::sum);
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
    Http.Response response = server.http().get("/stations/" + station + "/tallies?date=" + today, supervisor.token());
    assertEquals(200, response.status(), response.text());
    JsonObject tallies = response.body();
    assertEquals(checks, tallies.getJsonObject("checks").getLong("done"));
    assertEquals(9, tallies.getJsonObject("checks").getLong("visitsAssigned"));
    assertEquals(visitsDone.size(), tallies.getJsonObject("checks").getLong("visitsDone"));
    for (String severity : SEVERITIES) {
      assertEquals(hazards.get(severity), tallies.getJsonObject("hazardsBySeverity").getLong(severity), severity);
    }
    assertEquals(notices, tallies.getJsonObject("notices").getLong("issued"));
    assertEquals(overdue, tallies.getJsonObject("notices").getLong("overdue"));

    Http.Response yesterday = server.http().get("/stations/" + station + "/tallies?date=" + today.minusDays(1),
        supervisor.token());
    assertEquals(0, yesterday.body().getJsonObject("checks").getLong("done"), "nothing was received yesterday");
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
