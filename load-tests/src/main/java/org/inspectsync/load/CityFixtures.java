package org.inspectsync.load;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.inspectsync.server.identity.Passwords;
import org.inspectsync.server.records.CreditCode;

/**
 * Writes a city straight into the database, in one transaction: a bureau, its stations, one
 * inspector per simulated phone, each station's register of business entities, and today's
 * routine assignment for every inspector. Names carry a run tag, so runs can share a database.
 */
final class CityFixtures {

  static final String PASSWORD = "load-pass";
  static final String TIME_ZONE = "Asia/Shanghai";
  /** The most entities the dispatcher API accepts in one assignment. */
  private static final int MAX_ASSIGNMENT_ENTITIES = 200;
  private static final String[] CATEGORIES = {
      "market_stall", "food_stall", "restaurant", "supermarket", "manufacturer", "other"
  };

  /** One simulated phone's inspector and the round the dispatcher gave them for today. */
  record Inspector(int number, String username, UUID stationId, UUID assignmentId, List<UUID> round) {
  }

  /** What was written. */
  record City(UUID bureauId, List<UUID> stationIds, List<Inspector> inspectors, int entities) {
  }

  private CityFixtures() {
  }

  static City create(Connection db, Settings settings, String runTag) throws SQLException {
    db.setAutoCommit(false);
    UUID bureau = UUID.randomUUID();
    List<UUID> stations = new ArrayList<>();
    try (PreparedStatement insert = db.prepareStatement(
        "INSERT INTO org_units (id, parent_id, kind, name, time_zone) VALUES (?, ?, ?, ?, ?)")) {
      addUnit(insert, bureau, null, "bureau", "load bureau " + runTag);
      for (int s = 1; s <= settings.stations(); s++) {
        UUID station = UUID.randomUUID();
        stations.add(station);
        addUnit(insert, station, bureau, "station", String.format("load station %03d %s", s, runTag));
      }
      insert.executeBatch();
    }
    List<List<UUID>> registers = new ArrayList<>();
    for (int s = 0; s < stations.size(); s++) {
      registers.add(insertEntities(db, stations.get(s), s, settings.entities(), new Random(settings.seed() + s)));
    }
    List<Inspector> inspectors = insertInspectors(db, settings, runTag, stations, registers);
    db.commit();
    return new City(bureau, stations, inspectors, settings.stations() * settings.entities());
  }

  /** A supervisor of the whole bureau, who may watch its tallies and every station's. Returns the username. */
  static String supervisor(Connection db, UUID bureau, String runTag) throws SQLException {
    String username = "load-" + runTag + "-supervisor";
    try (PreparedStatement user = db.prepareStatement("""
        INSERT INTO users (id, username, display_name, password_hash, role, unit_id)
        VALUES (?, ?, '局领导 (load)', ?, 'supervisor', ?)
        """)) {
      user.setObject(1, UUID.randomUUID());
      user.setString(2, username);
      user.setString(3, Passwords.hash(PASSWORD));
      user.setObject(4, bureau);
      user.executeUpdate();
    }
    if (!db.getAutoCommit()) {
      db.commit();
    }
    return username;
  }

  private static void addUnit(PreparedStatement insert, UUID id, UUID parent, String kind, String name)
      throws SQLException {
    insert.setObject(1, id);
    insert.setObject(2, parent);
    insert.setString(3, kind);
    insert.setString(4, name);
    insert.setString(5, TIME_ZONE);
    insert.addBatch();
  }

  private static List<UUID> insertEntities(Connection db, UUID station, int stationIndex, int count, Random random)
      throws SQLException {
    List<UUID> ids = new ArrayList<>(count);
    try (PreparedStatement insert = db.prepareStatement("""
        INSERT INTO business_entities (id, station_id, name, credit_code, address, category, grid_cell,
                                       latitude, longitude, risk_level)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)) {
      for (int e = 0; e < count; e++) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        insert.setObject(1, id);
        insert.setObject(2, station);
        insert.setString(3, String.format("站%03d 经营户%05d", stationIndex + 1, e + 1));
        insert.setString(4, creditCode(stationIndex, e));
        insert.setString(5, "杭州市上城区测试路" + (e + 1) + "号");
        insert.setString(6, category);
        insert.setString(7, String.format("G%02d", e % 12 + 1));
        insert.setDouble(8, 30.24 + random.nextDouble() * 0.06);
        insert.setDouble(9, 120.12 + random.nextDouble() * 0.08);
        insert.setString(10, random.nextInt(10) == 0 ? "high" : "medium");
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return ids;
  }

  private static List<Inspector> insertInspectors(Connection db, Settings settings, String runTag,
      List<UUID> stations, List<List<UUID>> registers) throws SQLException {
    // bcrypt is slow on purpose: one hash serves every simulated inspector. Logins still verify it
    // one by one, as they would for real users.
    String hash = Passwords.hash(PASSWORD);
    LocalDate today = LocalDate.now(ZoneId.of(TIME_ZONE));
    List<Inspector> inspectors = new ArrayList<>(settings.devices());
    try (PreparedStatement user = db.prepareStatement("""
            INSERT INTO users (id, username, display_name, password_hash, role, unit_id)
            VALUES (?, ?, ?, ?, 'inspector', ?)
            """);
         PreparedStatement assignment = db.prepareStatement("""
            INSERT INTO assignments (id, station_id, inspector_ids, ever_assigned, entity_ids, kind, due_on, note, status)
            VALUES (?, ?, ?, ?, ?, 'routine', ?, ?, 'sent')
            """)) {
      for (int d = 0; d < settings.devices(); d++) {
        int stationIndex = d % stations.size();
        UUID station = stations.get(stationIndex);
        List<UUID> register = registers.get(stationIndex);
        UUID userId = UUID.randomUUID();
        String username = String.format("load-%s-i%05d", runTag, d + 1);
        user.setObject(1, userId);
        user.setString(2, username);
        user.setString(3, String.format("检查员%05d", d + 1));
        user.setString(4, hash);
        user.setObject(5, station);
        user.addBatch();

        // Inspectors of one station walk consecutive stretches of its register.
        int size = Math.min(Math.min(settings.checks(), register.size()), MAX_ASSIGNMENT_ENTITIES);
        int from = (d / stations.size()) * size;
        List<UUID> round = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
          round.add(register.get((from + k) % register.size()));
        }
        UUID assignmentId = UUID.randomUUID();
        assignment.setObject(1, assignmentId);
        assignment.setObject(2, station);
        Array inspector = db.createArrayOf("uuid", new Object[] {userId});
        assignment.setArray(3, inspector);
        assignment.setArray(4, inspector);
        assignment.setArray(5, db.createArrayOf("uuid", round.toArray()));
        assignment.setObject(6, today);
        assignment.setString(7, "日常巡查 (load)");
        assignment.addBatch();
        inspectors.add(new Inspector(d + 1, username, station, assignmentId, List.copyOf(round)));
      }
      user.executeBatch();
      assignment.executeBatch();
    }
    return inspectors;
  }

  /** An individual business's code (92...) in a Hangzhou district, unique per station and entity. */
  static String creditCode(int stationIndex, int entityIndex) {
    String alphabet = CreditCode.ALPHABET;
    long serial = (long) stationIndex * 10_000_000L + entityIndex;
    StringBuilder body = new StringBuilder();
    for (int k = 0; k < 9; k++) {
      body.append(alphabet.charAt((int) (serial % alphabet.length())));
      serial /= alphabet.length();
    }
    return CreditCode.withCheckCharacter("92330102" + body.reverse());
  }
}
