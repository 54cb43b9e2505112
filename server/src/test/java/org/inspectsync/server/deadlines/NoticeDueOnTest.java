package org.inspectsync.server.deadlines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

@DisplayName("A notice pushed by a phone is due by the rule in force when it arrives, and stays so")
class NoticeDueOnTest {

  private static final TestServer server = TestServer.shared();
  private UUID entity;
  private String adminToken;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    UUID bureau = UUID.randomUUID();
    Fixtures.update("INSERT INTO org_units (id, kind, name) VALUES (?, 'bureau', 'city bureau')", bureau);
    UUID station = Fixtures.station("east");
    Fixtures.update("UPDATE org_units SET parent_id = ? WHERE id = ?", bureau, station);
    Fixtures.user("root", "admin", bureau);
    Fixtures.user("li", "inspector", station);
    entity = Fixtures.entity(station);
    SyncClient admin = server.client();
    admin.login("root", Fixtures.PASSWORD, "admin-desk");
    adminToken = admin.token();
  }

  /** 2024's National Day: 1–7 October off, Sunday 29 September and Saturday 12 October worked. */
  private void putCalendar(String counting, boolean nationalDay) {
    JsonArray days = new JsonArray();
    if (nationalDay) {
      for (String holiday : new String[] {"2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"}) {
        days.add(new JsonObject().put("date", holiday).put("working", false).put("name", "国庆节"));
      }
      days.add(new JsonObject().put("date", "2024-09-29").put("working", true).put("name", "调休"));
      days.add(new JsonObject().put("date", "2024-10-12").put("working", true).put("name", "调休"));
    }
    Http.Response response = server.http().put("/calendar", new JsonObject().put("counting", counting).put("year", 2024)
        .put("days", days).encode(), adminToken);
    assertEquals(200, response.status(), response.text());
  }

  private static UUID issue(Phone phone, UUID check, String issuedOn, int days) {
    return phone.create(RecordType.NOTICE, Map.of("checkId", check.toString(), "requiredActions",
        "keep the purchase ledger (进货台账)", "issuedOn", issuedOn, "deadlineDays", days));
  }

  private static Object dueOn(Phone phone, UUID notice) {
    return phone.records(RecordType.NOTICE).get(notice).data().get("dueOn");
  }

  @Test
  @DisplayName("working counting at push time; a later change of rule and calendar moves no issued notice")
  void fixedWhenWritten() {
    putCalendar("working", true);
    Phone phone = server.phone("li");
    UUID check = phone.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    UUID onMakeUpDay = issue(phone, check, "2024-09-30", 5);
    UUID afterHoliday = issue(phone, check, "2024-09-30", 1);
    phone.sync();
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
    assertEquals("2024-10-12", dueOn(phone, onMakeUpDay));
    assertEquals("2024-10-08", dueOn(phone, afterHoliday));

    putCalendar("calendar", false);
    // The notice is written again (its status moves): its due date must not be recomputed.
    phone.update(RecordType.NOTICE, onMakeUpDay, Map.of("status", "rectified"));
    UUID later = issue(phone, check, "2024-09-30", 5);
    phone.sync();
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());

    assertEquals("rectified", phone.records(RecordType.NOTICE).get(onMakeUpDay).data().get("status"));
    assertEquals("2024-10-12", dueOn(phone, onMakeUpDay));
    assertEquals("2024-10-08", dueOn(phone, afterHoliday));
    assertEquals("2024-10-05", dueOn(phone, later), "a notice written after the change follows the new rule");
    Phone fresh = server.phone("li");
    fresh.sync();
    assertEquals("2024-10-12", dueOn(fresh, onMakeUpDay));
    assertEquals("2024-10-08", dueOn(fresh, afterHoliday));
  }

  @Test
  @DisplayName("the calendar counting rule, the default, keeps today's behaviour: issue date plus days")
  void calendarByDefault() {
    Phone phone = server.phone("li");
    UUID check = phone.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    UUID notice = issue(phone, check, "2024-09-30", 5);
    phone.sync();
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
    assertEquals("2024-10-05", dueOn(phone, notice));
  }
}
