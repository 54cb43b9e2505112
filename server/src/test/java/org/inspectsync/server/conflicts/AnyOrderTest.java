package org.inspectsync.server.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three officers edit one hazard finding offline, overlapping on some fields, then sync in each of
 * the six possible orders. Every order must end with the same finding and the same values kept
 * for review.
 */
@DisplayName("Three phones editing one finding offline end the same in every order of syncing")
class AnyOrderTest {

  private static final TestServer server = TestServer.shared();

  @Test
  @DisplayName("same final finding, same conflict records, whatever the order")
  void everyOrderEndsTheSame() throws Exception {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    for (String name : List.of("li", "wang", "zhang", "office")) {
      Fixtures.user(name, "inspector", station);
    }
    UUID entity = Fixtures.entity(station);
    Phone office = server.phone("office");
    Map<String, Phone> phones = new TreeMap<>(Map.of("li", server.phone("li"), "wang", server.phone("wang"),
        "zhang", server.phone("zhang")));

    List<String> outcomes = new ArrayList<>();
    for (List<String> order : List.of(
        List.of("li", "wang", "zhang"), List.of("li", "zhang", "wang"), List.of("wang", "li", "zhang"),
        List.of("wang", "zhang", "li"), List.of("zhang", "li", "wang"), List.of("zhang", "wang", "li"))) {
      UUID check = office.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
      UUID finding = office.create(RecordType.FINDING, Map.of("checkId", check.toString(), "category", "food_safety",
          "severity", "medium", "description", "found at stall 3"));
      office.sync();
      phones.values().forEach(Phone::sync);

      // Offline, each from version 1 of the finding.
      phones.get("li").update(RecordType.FINDING, finding, Map.of("description", "no cold chain for seafood",
          "severity", "high", "status", "ordered"));
      phones.get("wang").update(RecordType.FINDING, finding, Map.of("description", "seafood kept warm",
          "category", "hygiene"));
      phones.get("zhang").update(RecordType.FINDING, finding, Map.of("severity", "critical",
          "description", "no cold chain for seafood", "status", "rectified"));

      for (String name : order) {
        phones.get(name).push();
      }
      outcomes.add(finalState(finding) + "\n" + conflicts(finding));
    }

    for (String outcome : outcomes) {
      assertEquals(outcomes.get(0), outcome, "order changed the outcome");
    }
    assertTrue(outcomes.get(0).contains("status=rectified"), outcomes.get(0));
    assertTrue(outcomes.get(0).contains("field description=\"seafood kept warm\" by wang"), outcomes.get(0));
    assertFalse(conflictsOf(outcomes.get(0)).isEmpty(), "the overlapping edits left values for review");
  }

  private static String conflictsOf(String outcome) {
    return outcome.substring(outcome.indexOf('\n') + 1);
  }

  /** The finding's fields, without version numbers (how many writes it took may differ by order). */
  private static String finalState(UUID finding) throws Exception {
    try (Connection db = TestDatabase.connect(); PreparedStatement query = db.prepareStatement(
        "SELECT category, severity, description, status, deleted FROM hazard_findings WHERE id = ?")) {
      query.setObject(1, finding);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return "category=" + row.getString(1) + " severity=" + row.getString(2) + " description=" + row.getString(3)
            + " status=" + row.getString(4) + " deleted=" + row.getBoolean(5);
      }
    }
  }

  /** The values kept for review, as (field, value, who). */
  private static String conflicts(UUID finding) throws Exception {
    TreeSet<String> kept = new TreeSet<>();
    try (Connection db = TestDatabase.connect(); PreparedStatement query = db.prepareStatement("""
        SELECT c.kind, c.field, c.lost_value::text, u.username
        FROM conflicts c JOIN users u ON u.id = c.lost_by
        WHERE c.record_id = ? AND c.status = 'open'
        """)) {
      query.setObject(1, finding);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          kept.add(row.getString(1) + " " + row.getString(2) + "=" + row.getString(3) + " by " + row.getString(4));
        }
      }
    }
    return String.join("\n", kept);
  }
}
