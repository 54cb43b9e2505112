package org.inspectsync.server.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.inspectsync.server.identity.Passwords;
import org.inspectsync.server.records.CreditCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs against a scratch database made for each test on the local PostgreSQL, and is
 * skipped when none is listening. (To be switched to the shared test-database support.)
 */
@DisplayName("The demo station")
class DemoStationTest {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String USER = "postgres";

  private String databaseName;
  private Connection db;

  @BeforeEach
  void createScratchDatabase() throws Exception {
    String name = "demo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = connectOrSkip(); Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    databaseName = name;
    db = connect(databaseName);
    try (Statement statement = db.createStatement()) {
      for (Path migration : migrations()) {
        statement.execute(Files.readString(migration, StandardCharsets.UTF_8));
      }
    }
  }

  @AfterEach
  void dropScratchDatabase() throws SQLException {
    if (db != null) {
      db.close();
    }
    if (databaseName != null) {
      try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
      }
    }
  }

  @Test
  @DisplayName("is created with 23 users, 2000 entities and 20 assignments")
  void createsTheStation() throws SQLException {
    DemoStation.Summary summary = DemoStation.load(db);

    assertEquals(new DemoStation.Summary(true, DemoStation.STATION_ID, 23, 2000, 20), summary);
    assertEquals(23, count("SELECT count(*) FROM users"));
    assertEquals(2000, count("SELECT count(*) FROM business_entities"));
    assertEquals(20, count("SELECT count(*) FROM assignments"));
    assertEquals(20, count("SELECT count(*) FROM users WHERE role = 'inspector'"));
    assertEquals(2, count("SELECT count(*) FROM users WHERE role = 'dispatcher'"));
    assertEquals(1, count("SELECT count(*) FROM users WHERE role = 'supervisor'"));
    assertEquals(1, count("""
        SELECT count(*) FROM org_units s JOIN org_units b ON s.parent_id = b.id
         WHERE s.id = '%s' AND s.kind = 'station' AND b.kind = 'bureau'
           AND s.time_zone = 'Asia/Shanghai'
        """.formatted(DemoStation.STATION_ID)));
  }

  @Test
  @DisplayName("lets every demo user sign in with the demo password")
  void usersHaveTheDemoPassword() throws SQLException {
    DemoStation.load(db);

    List<String> hashes = strings("SELECT DISTINCT password_hash FROM users");
    assertEquals(1, hashes.size());
    assertTrue(Passwords.matches(DemoStation.DEMO_PASSWORD, hashes.get(0)));
    assertEquals(List.of(DemoStation.userId("inspector07").toString()),
        strings("SELECT id::text FROM users WHERE username = 'inspector07'"));
  }

  @Test
  @DisplayName("gives every entity a valid credit code, a known category and a grid cell")
  void entitiesAreWellFormed() throws SQLException {
    DemoStation.load(db);

    for (String code : strings("SELECT credit_code FROM business_entities")) {
      assertTrue(CreditCode.isValid(code), code);
      assertTrue(code.startsWith("91") || code.startsWith("92"), code);
    }
    assertTrue(DemoStation.CATEGORIES.containsAll(
        strings("SELECT DISTINCT category FROM business_entities")));
    assertEquals(DemoStation.GRID_CELLS,
        count("SELECT count(DISTINCT grid_cell) FROM business_entities WHERE grid_cell ~ '^G(0[1-9]|1[0-2])$'"));
    assertEquals(0, count("""
        SELECT count(*) FROM business_entities
         WHERE latitude NOT BETWEEN 30.2 AND 30.35 OR longitude NOT BETWEEN 120.1 AND 120.22
            OR risk_level NOT IN ('low', 'medium', 'high')
            OR version <> 1 OR txid IS NULL OR change_seq IS NULL
        """));
  }

  @Test
  @DisplayName("gives each inspector one routine round due today of 8 distinct entities")
  void assignmentsAreTodaysRounds() throws SQLException {
    DemoStation.load(db);

    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    assertEquals(20, count("""
        SELECT count(DISTINCT a.inspector_ids[1]) FROM assignments a JOIN users u ON u.id = a.inspector_ids[1]
         WHERE u.role = 'inspector' AND a.kind = 'routine' AND a.status = 'sent' AND cardinality(a.inspector_ids) = 1
           AND a.due_on = '%s'
           AND a.created_by = '%s'
           AND cardinality(a.entity_ids) = 8
           AND (SELECT count(DISTINCT e) FROM unnest(a.entity_ids) e) = 8
        """.formatted(today, DemoStation.userId("dispatcher1"))));
    // Every listed entity exists in the station.
    assertEquals(160, count("""
        SELECT count(*) FROM assignments a
          CROSS JOIN LATERAL unnest(a.entity_ids) AS listed(id)
          JOIN business_entities b ON b.id = listed.id AND b.station_id = a.station_id
        """));
  }

  @Test
  @DisplayName("is left untouched when loaded a second time")
  void secondLoadChangesNothing() throws SQLException {
    DemoStation.load(db);
    List<String> before = snapshot();

    DemoStation.Summary again = DemoStation.load(db);

    assertFalse(again.created());
    assertEquals(new DemoStation.Summary(false, DemoStation.STATION_ID, 23, 2000, 20), again);
    assertEquals(before, snapshot());
    assertTrue(db.getAutoCommit(), "auto-commit is restored");
  }

  @Test
  @DisplayName("is generated the same way every time")
  void generationIsReproducible() {
    assertEquals(DemoStation.entities(), DemoStation.entities());
    assertEquals(DemoStation.rounds(DemoStation.entities()), DemoStation.rounds(DemoStation.entities()));
    Set<UUID> ids = new HashSet<>();
    DemoStation.entities().forEach(entity -> ids.add(entity.id()));
    assertEquals(DemoStation.ENTITIES, ids.size());
  }

  // ---- Helpers. ----

  /** Counts, the change sequence and a digest of every row: any write would show. */
  private List<String> snapshot() throws SQLException {
    return strings("""
        SELECT (SELECT last_value FROM change_seq)::text
        UNION ALL SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM org_units t)
        UNION ALL SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM users t)
        UNION ALL SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM business_entities t)
        UNION ALL SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM assignments t)
        """);
  }

  private long count(String sql) throws SQLException {
    try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** The maintenance database, or the test is skipped if the server cannot be reached. */
  private static Connection connectOrSkip() throws SQLException {
    try {
      return connect("postgres");
    } catch (SQLException e) {
      // SQLSTATE class 08 is "connection exception"; anything else is a real failure.
      boolean unreachable = e.getSQLState() != null && e.getSQLState().startsWith("08");
      Assumptions.assumeTrue(!unreachable, "no PostgreSQL on 127.0.0.1:5432: " + e.getMessage());
      throw e;
    }
  }

  private static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(SERVER + database + "?connectTimeout=2", USER, "");
  }

  /** Every V<n>__*.sql migration, in version order, as Flyway would apply them. */
  private static List<Path> migrations() throws IOException, URISyntaxException {
    Path folder = Path.of(DemoStationTest.class.getResource("/db/migration").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted(Comparator.comparingInt(DemoStationTest::version))
          .toList();
    }
  }

  private static int version(Path migration) {
    String name = migration.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }
}
