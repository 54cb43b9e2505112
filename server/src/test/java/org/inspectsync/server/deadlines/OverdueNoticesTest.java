package org.inspectsync.server.deadlines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.Test;

/**
 * Two districts: west lake (stations east and west) and north hills (station north). Overdue
 * notices in every station, plus notices that are not overdue.
 */
@DisplayName("Supervisors list the notices overdue today in the units they supervise")
class OverdueNoticesTest {

  private static final TestServer server = TestServer.shared();
  private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
  private UUID westLake;
  private UUID east;
  private UUID west;
  private UUID north;
  private UUID li;
  private UUID eastStall;
  /** East: due 7 days ago; two due 2 days ago, numbered in reverse order of issue. West: due 5 days ago. */
  private UUID eastOldest;
  private UUID eastSecondNumber;
  private UUID eastFirstNumber;
  private UUID westOverdue;
  private UUID northOverdue;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    westLake = unit("bureau", "west lake district", null);
    UUID northHills = unit("bureau", "north hills district", null);
    east = unit("station", "east", westLake);
    west = unit("station", "west", westLake);
    north = unit("station", "north", northHills);
    Fixtures.user("chen", "supervisor", westLake);
    Fixtures.user("sun", "supervisor", east);
    Fixtures.user("zhou", "supervisor", northHills);
    Fixtures.user("zhao", "dispatcher", east);
    li = Fixtures.user("li", "inspector", east);
    Fixtures.user("wu", "inspector", west);
    Fixtures.user("ma", "inspector", north);
    eastStall = Fixtures.entity(east);

    Phone liPhone = server.phone("li");
    liPhone.leaseNoticeNumbers(2, today.minusDays(4).getYear());
    String first = liPhone.nextNoticeNumber();
    String second = liPhone.nextNoticeNumber();
    eastOldest = issue(liPhone, eastStall, today.minusDays(10), 3, Map.of());
    eastSecondNumber = issue(liPhone, eastStall, today.minusDays(4), 2, Map.of("noticeNumber", second));
    eastFirstNumber = issue(liPhone, eastStall, today.minusDays(4), 2, Map.of("noticeNumber", first));
    issue(liPhone, eastStall, today.minusDays(2), 2, Map.of());   // due today: not overdue yet
    issue(liPhone, eastStall, today, 5, Map.of());
    UUID verified = issue(liPhone, eastStall, today.minusDays(10), 1, Map.of());
    synced(liPhone);
    liPhone.update(RecordType.NOTICE, verified, Map.of("status", "verified"));
    synced(liPhone);

    Phone wuPhone = server.phone("wu");
    westOverdue = issue(wuPhone, Fixtures.entity(west), today.minusDays(6), 1, Map.of());
    synced(wuPhone);

    Phone maPhone = server.phone("ma");
    UUID northStall = Fixtures.entity(north);
    UUID replaced = issue(maPhone, northStall, today.minusDays(30), 1, Map.of());
    synced(maPhone);
    northOverdue = issue(maPhone, northStall, today.minusDays(30), 3, Map.of("supersedes", replaced.toString()));
    synced(maPhone);
  }

  private static UUID unit(String kind, String name, UUID parent) {
    UUID id = UUID.randomUUID();
    Fixtures.update("INSERT INTO org_units (id, kind, name) VALUES (?, ?, ?)", id, kind, name);
    if (parent != null) {
      Fixtures.update("UPDATE org_units SET parent_id = ? WHERE id = ?", parent, id);
    }
    return id;
  }

  private static UUID issue(Phone phone, UUID entity, LocalDate issuedOn, int days, Map<String, Object> more) {
    UUID check = phone.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    Map<String, Object> notice = new HashMap<>(Map.of("checkId", check.toString(), "requiredActions",
        "label the pastries", "issuedOn", issuedOn.toString(), "deadlineDays", days));
    notice.putAll(more);
    return phone.create(RecordType.NOTICE, notice);
  }

  private static void synced(Phone phone) {
    phone.sync();
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
  }

  private static String token(String username) {
    SyncClient client = server.client();
    client.login(username, Fixtures.PASSWORD, "desk-" + username);
    return client.token();
  }

  private static Http.Response overdue(String username, UUID unitId) {
    return server.http().get("/notices/overdue" + (unitId == null ? "" : "?unitId=" + unitId), token(username));
  }

  private static List<UUID> ids(Http.Response response) {
    assertEquals(200, response.status(), response.text());
    List<UUID> ids = new ArrayList<>();
    for (Object notice : response.body().getJsonArray("notices")) {
      ids.add(UUID.fromString(((JsonObject) notice).getString("id")));
    }
    return ids;
  }

  @Test
  @DisplayName("a district's supervisor sees both its stations', by due date then number")
  void districtSeesItsStations() {
    List<UUID> expected = List.of(eastOldest, westOverdue, eastFirstNumber, eastSecondNumber);
    assertEquals(expected, ids(overdue("chen", null)));
    Http.Response explicit = overdue("chen", westLake);
    assertEquals(expected, ids(explicit));
    assertEquals(westLake.toString(), explicit.body().getString("unitId"));
    assertEquals(List.of(westOverdue), ids(overdue("chen", west)));
  }

  @Test
  @DisplayName("a station's supervisor and dispatcher see only their own station")
  void stationSeesItself() {
    List<UUID> expected = List.of(eastOldest, eastFirstNumber, eastSecondNumber);
    assertEquals(expected, ids(overdue("sun", null)));
    assertEquals(expected, ids(overdue("sun", east)));
    assertEquals(expected, ids(overdue("zhao", null)));
    for (UUID outside : List.of(west, westLake, north)) {
      Http.Response refused = overdue("sun", outside);
      assertEquals(403, refused.status(), refused.text());
      assertEquals("FORBIDDEN", refused.body().getString("code"));
      assertEquals("unitId", refused.body().getString("field"));
    }
  }

  @Test
  @DisplayName("another district is refused 403, an unknown unit is 404, a malformed id 400, an inspector 403")
  void refusals() {
    Http.Response other = overdue("zhou", east);
    assertEquals(403, other.status(), other.text());
    assertEquals("FORBIDDEN", other.body().getString("code"));
    assertEquals("unitId", other.body().getString("field"));

    Http.Response unknown = overdue("chen", UUID.randomUUID());
    assertEquals(404, unknown.status(), unknown.text());
    assertEquals("NOT_FOUND", unknown.body().getString("code"));
    assertEquals("unitId", unknown.body().getString("field"));

    Http.Response malformed = server.http().get("/notices/overdue?unitId=east", token("chen"));
    assertEquals(400, malformed.status(), malformed.text());
    assertEquals("FIELD_INVALID", malformed.body().getString("code"));
    assertEquals("unitId", malformed.body().getString("field"));

    Http.Response inspector = overdue("li", null);
    assertEquals(403, inspector.status(), inspector.text());
    assertEquals("FORBIDDEN", inspector.body().getString("code"));
  }

  @Test
  @DisplayName("a superseded notice is not listed: its newer version is the one followed up")
  void supersededLeftOut() {
    assertEquals(List.of(northOverdue), ids(overdue("zhou", null)));
  }

  @Test
  @DisplayName("each notice shows what a supervisor acts on, and its re-inspection once the sweep made one")
  void content() {
    JsonObject oldest = overdue("sun", null).body().getJsonArray("notices").getJsonObject(0);
    assertEquals(new JsonObject()
        .put("id", eastOldest.toString())
        .put("noticeNumber", null)
        .put("stationId", east.toString())
        .put("entityId", eastStall.toString())
        .put("entityName", "stall " + eastStall)
        .put("issuedOn", today.minusDays(10).toString())
        .put("deadlineDays", 3)
        .put("dueOn", today.minusDays(7).toString())
        .put("daysOverdue", 7)
        .put("status", "issued")
        .put("reinspection", null), oldest);
    JsonObject numbered = overdue("sun", null).body().getJsonArray("notices").getJsonObject(1);
    assertEquals(2, numbered.getInteger("daysOverdue"));
    assertTrue(numbered.getString("noticeNumber").matches("\\d{4}-\\d{5}"), numbered.encode());

    List<UUID> created = new DeadlineSweeper(server.server().pool()).sweep().await();
    assertEquals(5, created.size(), "four listed in west lake, one in north hills");
    JsonObject reinspection = overdue("sun", null).body().getJsonArray("notices").getJsonObject(0)
        .getJsonObject("reinspection");
    assertTrue(created.contains(UUID.fromString(reinspection.getString("assignmentId"))));
    assertEquals("sent", reinspection.getString("status"));
    assertEquals(new JsonArray().add(li.toString()), reinspection.getJsonArray("inspectorIds"));
  }

  @Test
  @DisplayName("for a station and today, the list is as long as the tallies' overdue figure")
  void agreesWithTallies() {
    for (UUID station : List.of(east, west)) {
      Http.Response tallies = server.http().get("/units/" + station + "/tallies?day=" + today, token("chen"));
      assertEquals(200, tallies.status(), tallies.text());
      long counted = tallies.body().getJsonObject("totals").getLong("noticesOverdue");
      assertEquals(counted, ids(overdue("chen", station)).size(), "station " + station);
    }
    assertEquals(3, ids(overdue("chen", east)).size());
  }
}
