package org.inspectsync.server.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.server.db.DatabaseSettings;

/**
 * Loads a city's organisation from one CSV: units (bureau, station, grid) keyed by a code, and
 * users keyed by username, with their role and unit. Running it again updates names, parents,
 * roles and units in place and creates nothing twice. New users get a random first password,
 * returned so the caller can hand it over; existing users keep theirs. Blocking, one transaction.
 *
 * <pre>
 * record,key,name,kind,parent
 * unit,HZ,杭州市市场监管局,bureau,
 * unit,HZ-SC-01,城东市场监管所,station,HZ
 * user,zhang.wei,张伟,inspector,HZ-SC-01
 * </pre>
 *
 * For a unit, {@code kind} is bureau, station or grid and {@code parent} the parent's code (empty
 * at the top); for a user, {@code kind} is the role and {@code parent} the unit's code. Units come
 * before the units and users under them.
 */
public final class Roster {

  /** What an import did. */
  public record Result(int unitsCreated, int unitsUpdated, int usersCreated, int usersUpdated,
      Map<String, String> firstPasswords) {
  }

  /** A line that cannot be imported; nothing of the file is. */
  public static final class Invalid extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    Invalid(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  private static final Set<String> UNIT_KINDS = Set.of("bureau", "station", "grid");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Roster() {
  }

  public static Result load(DatabaseSettings db, Reader csv) throws IOException, SQLException {
    List<Line> rows = parse(csv);
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      connection.setAutoCommit(false);
      try {
        Result result = apply(connection, rows);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static Result apply(Connection connection, List<Line> rows) throws SQLException {
    Map<String, UUID> units = new HashMap<>();
    int unitsCreated = 0;
    int unitsUpdated = 0;
    int usersCreated = 0;
    int usersUpdated = 0;
    Map<String, String> passwords = new LinkedHashMap<>();
    for (Line each : rows) {
      String[] row = each.columns();
      int line = each.number();
      String record = row[0];
      String key = row[1];
      String name = row[2];
      String kind = row[3];
      String parent = row[4];
      if (key.isEmpty() || name.isEmpty()) {
        throw new Invalid(line, "key and name are required");
      }
      if (record.equals("unit")) {
        if (!UNIT_KINDS.contains(kind)) {
          throw new Invalid(line, "a unit's kind is bureau, station or grid, not " + kind);
        }
        UUID parentId = parent.isEmpty() ? null : unit(connection, units, parent, line);
        UUID id = find(connection, "SELECT id FROM org_units WHERE code = ?", key);
        if (id == null) {
          id = UUID.randomUUID();
          update(connection, "INSERT INTO org_units (id, code, name, kind, parent_id) VALUES (?, ?, ?, ?, ?)",
              id, key, name, kind, parentId);
          unitsCreated++;
        } else {
          update(connection, "UPDATE org_units SET name = ?, kind = ?, parent_id = ? WHERE id = ?",
              name, kind, parentId, id);
          unitsUpdated++;
        }
        units.put(key, id);
      } else if (record.equals("user")) {
        if (Role.fromName(kind) == null) {
          throw new Invalid(line, "a user's role is inspector, dispatcher, supervisor or admin, not " + kind);
        }
        UUID unitId = unit(connection, units, parent, line);
        UUID id = find(connection, "SELECT id FROM users WHERE username = ?", key);
        if (id == null) {
          String password = firstPassword();
          update(connection, "INSERT INTO users (id, username, display_name, password_hash, role, unit_id)"
              + " VALUES (?, ?, ?, ?, ?, ?)", UUID.randomUUID(), key, name, Passwords.hash(password), kind, unitId);
          passwords.put(key, password);
          usersCreated++;
        } else {
          update(connection, "UPDATE users SET display_name = ?, role = ?, unit_id = ? WHERE id = ?",
              name, kind, unitId, id);
          usersUpdated++;
        }
      } else {
        throw new Invalid(line, "record is unit or user, not " + record);
      }
    }
    return new Result(unitsCreated, unitsUpdated, usersCreated, usersUpdated, passwords);
  }

  private static UUID unit(Connection connection, Map<String, UUID> units, String code, int line)
      throws SQLException {
    UUID id = units.containsKey(code) ? units.get(code) : find(connection, "SELECT id FROM org_units WHERE code = ?", code);
    if (id == null) {
      throw new Invalid(line, "no unit with code " + code + " above this line or in the database");
    }
    return id;
  }

  private static String firstPassword() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static final String HEADER = "record,key,name,kind,parent";

  /** One line of the file, with its number for error messages. */
  record Line(int number, String[] columns) {
  }

  /** Plain CSV: the header line, then five comma-separated columns; names hold no commas. */
  static List<Line> parse(Reader csv) throws IOException {
    List<Line> rows = new ArrayList<>();
    BufferedReader reader = new BufferedReader(csv);
    String header = reader.readLine();
    if (header == null || !header.replace("\uFEFF", "").trim().equals(HEADER)) {
      throw new Invalid(1, "the first line must be " + HEADER);
    }
    int line = 1;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      String[] columns = text.split(",", -1);
      if (columns.length != 5) {
        throw new Invalid(line, "five comma-separated columns expected, found " + columns.length);
      }
      for (int i = 0; i < columns.length; i++) {
        columns[i] = columns[i].trim();
      }
      rows.add(new Line(line, columns));
    }
    return rows;
  }

  private static UUID find(Connection connection, String sql, String key) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, key);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getObject(1, UUID.class) : null;
      }
    }
  }

  private static void update(Connection connection, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.executeUpdate();
    }
  }
}
