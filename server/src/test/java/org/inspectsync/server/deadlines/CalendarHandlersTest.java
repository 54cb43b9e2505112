package org.inspectsync.server.deadlines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("An admin sets the working-day calendar; everyone, phones included, reads it")
class CalendarHandlersTest {

  private static final TestServer server = TestServer.shared();
  /** National Day 2026 as a test layout: Thursday 1 to Wednesday 7 October off, two make-up weekend days. */
  private static final JsonArray NATIONAL_DAY = new JsonArray()
      .add(day("2026-09-27", true, "国庆节调休"))
      .add(day("2026-10-01", false, "国庆节"))
      .add(day("2026-10-02", false, "国庆节"))
      .add(day("2026-10-05", false, "国庆节"))
      .add(day("2026-10-06", false, "国庆节"))
      .add(day("2026-10-07", false, null))
      .add(day("2026-10-10", true, "国庆节调休"));

  private String adminToken;
  private String inspectorToken;
  private String supervisorToken;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    UUID bureau = UUID.randomUUID();
    Fixtures.update("INSERT INTO org_units (id, kind, name) VALUES (?, 'bureau', 'city bureau')", bureau);
    UUID station = Fixtures.station("east");
    Fixtures.update("UPDATE org_units SET parent_id = ? WHERE id = ?", bureau, station);
    Fixtures.user("root", "admin", bureau);
    Fixtures.user("li", "inspector", station);
    Fixtures.user("chen", "supervisor", bureau);
    adminToken = login("root");
    inspectorToken = login("li");
    supervisorToken = login("chen");
  }

  private static String login(String username) {
    SyncClient client = server.client();
    client.login(username, Fixtures.PASSWORD, "device-" + username);
    return client.token();
  }

  private static JsonObject day(String date, boolean working, String name) {
    return new JsonObject().put("date", date).put("working", working).put("name", name);
  }

  private static Http.Response get(int year, String token) {
    return server.http().get("/calendar?year=" + year, token);
  }

  @Test
  @DisplayName("by default deadlines count calendar days and no year has exceptions")
  void defaults() {
    Http.Response response = get(2026, inspectorToken);
    assertEquals(200, response.status(), response.text());
    assertEquals(new JsonObject().put("counting", "calendar").put("year", 2026).put("days", new JsonArray()),
        response.body());
  }

  @Test
  @DisplayName("what an admin puts, a phone gets back: the rule and the year's exceptions by date; other years untouched")
  void roundTrip() {
    Http.Response other = server.http().put("/calendar", new JsonObject().put("counting", "calendar").put("year", 2025)
        .put("days", new JsonArray().add(day("2025-10-01", false, "国庆节"))).encode(), adminToken);
    assertEquals(200, other.status(), other.text());

    JsonArray shuffled = new JsonArray().add(NATIONAL_DAY.getValue(6)).add(NATIONAL_DAY.getValue(0));
    for (int i = 1; i < 6; i++) {
      shuffled.add(NATIONAL_DAY.getValue(i));
    }
    Http.Response put = server.http().put("/calendar", new JsonObject().put("counting", "working").put("year", 2026)
        .put("days", shuffled).encode(), adminToken);
    assertEquals(200, put.status(), put.text());
    JsonObject expected = new JsonObject().put("counting", "working").put("year", 2026).put("days", NATIONAL_DAY);
    assertEquals(expected, put.body());
    assertEquals(expected, get(2026, inspectorToken).body());
    assertEquals(expected, get(2026, supervisorToken).body());
    assertEquals(1, get(2025, inspectorToken).body().getJsonArray("days").size(), "2025 keeps its own exceptions");

    // A second PUT of the year replaces its exceptions; one with the rule only leaves them.
    Http.Response replaced = server.http().put("/calendar", new JsonObject().put("counting", "working").put("year", 2026)
        .put("days", new JsonArray().add(day("2026-01-01", false, "元旦"))).encode(), adminToken);
    assertEquals(200, replaced.status(), replaced.text());
    Http.Response ruleOnly = server.http().put("/calendar", new JsonObject().put("counting", "calendar").encode(), adminToken);
    assertEquals(200, ruleOnly.status(), ruleOnly.text());
    assertEquals(new JsonObject().put("counting", "calendar"), ruleOnly.body());
    assertEquals(new JsonObject().put("counting", "calendar").put("year", 2026)
        .put("days", new JsonArray().add(day("2026-01-01", false, "元旦"))), get(2026, inspectorToken).body());

    assertEquals(4, Fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'calendar.update'"));
    assertEquals(1, Fixtures.count("""
        SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id
        WHERE a.action = 'calendar.update' AND u.username = 'root'
          AND a.detail ->> 'counting' = 'working' AND a.detail ->> 'previousCounting' = 'calendar'
          AND jsonb_array_length(a.detail -> 'days') = 7
        """));
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "counting missing               | FIELD_REQUIRED   | counting        | {'year':2026,'days':[]}",
      "counting unknown               | FIELD_INVALID    | counting        | {'counting':'weekly'}",
      "year without days              | FIELD_REQUIRED   | days            | {'counting':'working','year':2026}",
      "days without year              | FIELD_REQUIRED   | year            | {'counting':'working','days':[]}",
      "year as text                   | FIELD_WRONG_TYPE | year            | {'counting':'working','year':'2026','days':[]}",
      "year with a fraction           | FIELD_WRONG_TYPE | year            | {'counting':'working','year':2026.5,'days':[]}",
      "year out of range              | FIELD_INVALID    | year            | {'counting':'working','year':30000,'days':[]}",
      "days not an array              | FIELD_WRONG_TYPE | days            | {'counting':'working','year':2026,'days':'2026-10-01'}",
      "a day not an object            | FIELD_WRONG_TYPE | days[1]         | {'counting':'working','year':2026,'days':[{'date':'2026-10-01','working':false},'2026-10-02']}",
      "a date missing                 | FIELD_REQUIRED   | days[0].date    | {'counting':'working','year':2026,'days':[{'working':false}]}",
      "a date not a date              | FIELD_INVALID    | days[0].date    | {'counting':'working','year':2026,'days':[{'date':'2026-02-30','working':false}]}",
      "a date in another year         | FIELD_INVALID    | days[3].date    | {'counting':'working','year':2026,'days':[{'date':'2026-10-01','working':false},{'date':'2026-10-02','working':false},{'date':'2026-10-05','working':false},{'date':'2027-01-01','working':false}]}",
      "a date twice                   | FIELD_INVALID    | days[2].date    | {'counting':'working','year':2026,'days':[{'date':'2026-10-01','working':false},{'date':'2026-10-02','working':false},{'date':'2026-10-01','working':false}]}",
      "working missing                | FIELD_REQUIRED   | days[0].working | {'counting':'working','year':2026,'days':[{'date':'2026-10-01'}]}",
      "working not a boolean          | FIELD_WRONG_TYPE | days[0].working | {'counting':'working','year':2026,'days':[{'date':'2026-10-01','working':'no'}]}",
      "a weekday marked working       | FIELD_INVALID    | days[1].working | {'counting':'working','year':2026,'days':[{'date':'2026-10-01','working':false},{'date':'2026-10-09','working':true}]}",
      "a weekend marked non-working   | FIELD_INVALID    | days[0].working | {'counting':'working','year':2026,'days':[{'date':'2026-10-03','working':false}]}",
      "a name not text                | FIELD_WRONG_TYPE | days[0].name    | {'counting':'working','year':2026,'days':[{'date':'2026-10-01','working':false,'name':7}]}",
      "a mistyped member              | FIELD_UNKNOWN    | days[0].workng  | {'counting':'working','year':2026,'days':[{'date':'2026-10-01','workng':false}]}",
      "a mistyped top-level member    | FIELD_UNKNOWN    | yaer            | {'counting':'working','yaer':2026}",
  })
  @DisplayName("a bad PUT answers 400 with the exact code and field, and changes nothing")
  void badInput(String why, String code, String field, String body) {
    Http.Response before = server.http().put("/calendar", new JsonObject().put("counting", "calendar").put("year", 2026)
        .put("days", NATIONAL_DAY).encode(), adminToken);
    assertEquals(200, before.status(), before.text());
    long audited = Fixtures.count("SELECT count(*) FROM audit_log");

    Http.Response response = server.http().put("/calendar", body.replace('\'', '"'), adminToken);
    assertEquals(400, response.status(), why + ": " + response.text());
    assertEquals(code, response.body().getString("code"), why);
    assertEquals(field, response.body().getString("field"), why);
    assertEquals(before.body(), get(2026, inspectorToken).body(), why + ": nothing changed");
    assertEquals(audited, Fixtures.count("SELECT count(*) FROM audit_log"), why + ": nothing audited");
  }

  @Test
  @DisplayName("a body that is not JSON is MALFORMED_JSON")
  void notJson() {
    Http.Response response = server.http().put("/calendar", "{counting: working", adminToken);
    assertEquals(400, response.status(), response.text());
    assertEquals("MALFORMED_JSON", response.body().getString("code"));
  }

  @Test
  @DisplayName("only an admin may put: a supervisor and an inspector get 403 and nothing changes")
  void onlyAdmins() {
    String body = new JsonObject().put("counting", "working").put("year", 2026).put("days", NATIONAL_DAY).encode();
    for (String token : new String[] {supervisorToken, inspectorToken}) {
      Http.Response response = server.http().put("/calendar", body, token);
      assertEquals(403, response.status(), response.text());
      assertEquals("FORBIDDEN", response.body().getString("code"));
    }
    assertEquals(new JsonObject().put("counting", "calendar").put("year", 2026).put("days", new JsonArray()),
        get(2026, adminToken).body());
    assertEquals(0, Fixtures.count("SELECT count(*) FROM audit_log"));
  }

  @ParameterizedTest(name = "year={0}")
  @CsvSource({"''", "26", "2026-01", "abcd", "1899", "3000"})
  @DisplayName("GET needs a year YYYY: anything else is PARAMETER_INVALID on year")
  void getNeedsAYear(String year) {
    Http.Response response = server.http().get(year.isEmpty() ? "/calendar" : "/calendar?year=" + year, inspectorToken);
    assertEquals(400, response.status(), response.text());
    assertEquals("PARAMETER_INVALID", response.body().getString("code"));
    assertEquals("year", response.body().getString("field"));
  }

  @Test
  @DisplayName("without a token the calendar is refused")
  void needsAToken() {
    Http.Response response = server.http().get("/calendar?year=2026", null);
    assertEquals(401, response.status());
    assertNull(response.body().getString("field"));
  }
}
