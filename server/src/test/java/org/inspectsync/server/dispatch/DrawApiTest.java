package org.inspectsync.server.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The double-random draw over HTTP: recorded, reproducible, publishable, and it honours recusals")
class DrawApiTest {

  private static final TestServer server = TestServer.shared();
  private static final String SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  private UUID station;
  private final List<UUID> inspectors = new ArrayList<>();
  private final List<UUID> restaurants = new ArrayList<>();
  private String dispatcher;
  private String supervisor;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    inspectors.clear();
    restaurants.clear();
    station = Fixtures.station("east");
    for (String name : List.of("li", "wang", "chen", "zhou")) {
      inspectors.add(Fixtures.user(name, "inspector", station));
    }
    Fixtures.user("zhao", "dispatcher", station);
    Fixtures.user("sun", "supervisor", station);
    for (int i = 0; i < 12; i++) {
      UUID entity = Fixtures.entity(station);
      Fixtures.update("UPDATE business_entities SET category = ?, grid_cell = ? WHERE id = ?",
          i < 8 ? "restaurant" : "market_stall", i % 2 == 0 ? "A1" : "B2", entity);
      if (i < 8) {
        restaurants.add(entity);
      }
    }
    dispatcher = server.client().login("zhao", Fixtures.PASSWORD, "dispatch-desk").token();
    supervisor = server.client().login("sun", Fixtures.PASSWORD, "chief-desk").token();
  }

  private Http.Response draw(JsonObject body) {
    return server.http().post("/draws", body.encode(), dispatcher);
  }

  private JsonObject request(int count) {
    return new JsonObject().put("title", "Food safety campaign, week 47").put("dueOn", LocalDate.now().plusDays(2)
        .toString()).put("count", count).put("seed", SEED).put("pool", new JsonObject()
        .put("categories", new JsonArray().add("restaurant")));
  }

  @Test
  @DisplayName("draws N entities of the pool, a distinct pair for each, as enforcement assignments; redoing it agrees")
  void drawsAndRecords() {
    Http.Response drawn = draw(request(5));
    assertEquals(201, drawn.status(), drawn.text());
    JsonObject result = drawn.body();
    JsonArray picks = result.getJsonArray("picks");
    assertEquals(5, picks.size());
    assertEquals(SEED, result.getString("seed"));
    assertTrue(result.getBoolean("reproduced"));
    assertEquals(8, result.getJsonObject("inputs").getJsonArray("entityIds").size());
    Set<String> entities = new HashSet<>();
    for (Object item : picks) {
      JsonObject pick = (JsonObject) item;
      assertTrue(restaurants.contains(UUID.fromString(pick.getString("entityId"))), "only the pool is drawn");
      assertTrue(entities.add(pick.getString("entityId")));
      JsonArray pair = pick.getJsonArray("inspectorIds");
      assertNotEquals(pair.getString(0), pair.getString(1));
      JsonObject assignment = Fixtures.row("SELECT kind, enforcement, draw_id::text AS draw, cardinality(inspector_ids)"
          + " AS people FROM assignments WHERE id = ?::uuid", pick.getString("assignmentId"));
      assertEquals("campaign", assignment.getString("kind"));
      assertEquals(true, assignment.getBoolean("enforcement"));
      assertEquals(result.getString("id"), assignment.getString("draw"));
      assertEquals(2, assignment.getInteger("people"));
    }
    assertEquals(1, Fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'draw.run' AND subject_id = ?::uuid",
        result.getString("id")));

    Http.Response again = server.http().get("/draws/" + result.getString("id"), supervisor);
    assertEquals(200, again.status(), again.text());
    assertEquals(picks, again.body().getJsonArray("picks"));
    assertTrue(again.body().getBoolean("reproduced"));

    Http.Response resent = draw(request(5).put("id", result.getString("id")));
    assertEquals(200, resent.status(), resent.text());
    assertEquals(5, Fixtures.count("SELECT count(*) FROM assignments"), "a resent draw draws nothing new");
  }

  @Test
  @DisplayName("the same seed over the same pool gives the same picks; another seed, others")
  void seedDecides() {
    JsonArray first = draw(request(4)).body().getJsonArray("picks");
    TestDatabase.execute("DELETE FROM assignment_receipts; DELETE FROM assignments; DELETE FROM audit_log;"
        + " DELETE FROM draws");
    JsonArray same = draw(request(4)).body().getJsonArray("picks");
    JsonArray other = draw(request(4).put("seed", SEED.replace('0', '1'))).body().getJsonArray("picks");
    assertEquals(entityIds(first), entityIds(same));
    assertNotEquals(entityIds(first), entityIds(other));
  }

  private static List<String> entityIds(JsonArray picks) {
    return picks.stream().map(pick -> ((JsonObject) pick).getString("entityId")).toList();
  }

  @Test
  @DisplayName("a declared conflict of interest keeps that inspector away from that entity in every draw")
  void recusalsHonoured() {
    UUID li = inspectors.get(0);
    for (UUID restaurant : restaurants) {
      Http.Response declared = server.http().post("/recusals", new JsonObject().put("inspectorId", li.toString())
          .put("entityId", restaurant.toString()).put("reason", "relative runs it").encode(), dispatcher);
      assertEquals(201, declared.status(), declared.text());
    }
    Http.Response twice = server.http().post("/recusals", new JsonObject().put("inspectorId", li.toString())
        .put("entityId", restaurants.get(0).toString()).put("reason", "relative runs it").encode(), dispatcher);
    assertEquals(200, twice.status(), twice.text());
    assertEquals(8, server.http().get("/recusals", supervisor).body().getJsonArray("recusals").size());

    for (int round = 0; round < 10; round++) {
      Http.Response drawn = draw(request(8).put("seed", String.format("%064x", round + 1)));
      assertEquals(201, drawn.status(), drawn.text());
      for (Object pick : drawn.body().getJsonArray("picks")) {
        assertFalse(((JsonObject) pick).getJsonArray("inspectorIds").contains(li.toString()));
      }
    }
  }

  @Test
  @DisplayName("an impossible draw is refused with DRAW_INFEASIBLE and leaves nothing behind")
  void infeasible() {
    Http.Response tooMany = draw(request(9));
    assertEquals(409, tooMany.status(), tooMany.text());
    assertEquals("DRAW_INFEASIBLE", tooMany.body().getString("code"));
    assertEquals("count", tooMany.body().getString("field"));

    for (UUID inspector : inspectors.subList(0, 3)) {
      server.http().post("/recusals", new JsonObject().put("inspectorId", inspector.toString())
          .put("entityId", restaurants.get(0).toString()).put("reason", "shareholder").encode(), dispatcher);
    }
    Http.Response blocked = draw(request(8));
    assertEquals(409, blocked.status(), blocked.text());
    assertEquals("pool", blocked.body().getString("field"));
    assertEquals(restaurants.get(0).toString(), blocked.body().getString("entityId"));

    Http.Response badSeed = draw(request(2).put("seed", "abc"));
    assertEquals(400, badSeed.status(), badSeed.text());
    assertEquals("seed", badSeed.body().getString("field"));
    Http.Response badFilter = draw(request(2).put("pool", new JsonObject().put("grid", new JsonArray().add("A1"))));
    assertEquals(400, badFilter.status(), badFilter.text());
    assertEquals("pool.grid", badFilter.body().getString("field"));
    assertEquals(0, Fixtures.count("SELECT count(*) FROM draws"));
    assertEquals(0, Fixtures.count("SELECT count(*) FROM assignments"));
  }

  @Test
  @DisplayName("the publication lists the entities, the seed and the pool size, and no inspector")
  void publicationHasNoPersonalData() {
    JsonObject drawn = draw(request(3).put("pool", new JsonObject().put("gridCells", new JsonArray().add("A1"))))
        .body();
    Http.Response published = server.http().get("/draws/" + drawn.getString("id") + "/publication", supervisor);
    assertEquals(200, published.status(), published.text());
    assertEquals(3, published.body().getJsonArray("entities").size());
    assertEquals(6, published.body().getInteger("eligibleEntities"));
    assertEquals(SEED, published.body().getString("seed"));
    for (UUID inspector : inspectors) {
      assertFalse(published.text().contains(inspector.toString()), "no inspector id is published");
    }
    for (String name : List.of("li", "wang", "chen", "zhou", "zhao")) {
      assertFalse(published.text().contains("\"" + name + "\""), "no user name is published");
    }
    assertFalse(published.text().contains("createdBy"));
  }
}
