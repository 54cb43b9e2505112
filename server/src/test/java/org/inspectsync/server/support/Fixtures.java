package org.inspectsync.server.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.inspectsync.server.identity.Passwords;
import org.inspectsync.server.records.CreditCode;

/** Rows that tests start from, written straight to the test database. */
public final class Fixtures {

  public static final String PASSWORD = "secret-pass";
  private static final String HASH = Passwords.hash(PASSWORD);
  private static int codes;

  private Fixtures() {
  }

  public static UUID station(String name) {
    UUID id = UUID.randomUUID();
    update("INSERT INTO org_units (id, kind, name) VALUES (?, 'station', ?)", id, name);
    return id;
  }

  public static UUID user(String username, String role, UUID unitId) {
    UUID id = UUID.randomUUID();
    update("INSERT INTO users (id, username, display_name, password_hash, role, unit_id) VALUES (?, ?, ?, ?, ?, ?)",
        id, username, username, HASH, role, unitId);
    return id;
  }

  public static UUID entity(UUID stationId) {
    UUID id = UUID.randomUUID();
    update("INSERT INTO business_entities (id, station_id, name, credit_code, category) VALUES (?, ?, ?, ?, 'market_stall')",
        id, stationId, "stall " + id, creditCode());
    return id;
  }

  /** A fresh valid unified social credit code. */
  public static synchronized String creditCode() {
    String body = String.format("92330102%09d", ++codes);
    return CreditCode.withCheckCharacter(body);
  }

  public static void update(String sql, Object... params) {
    try (Connection connection = TestDatabase.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static long count(String sql, Object... params) {
    try (Connection connection = TestDatabase.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first row of a query, as a JSON object of its columns (read as JDBC gives them). */
  public static io.vertx.core.json.JsonObject row(String sql, Object... params) {
    try (Connection connection = TestDatabase.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (var rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw new IllegalStateException("no row: " + sql);
        }
        io.vertx.core.json.JsonObject row = new io.vertx.core.json.JsonObject();
        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
          Object value = rows.getObject(column);
          row.put(rows.getMetaData().getColumnLabel(column), value instanceof Number || value instanceof Boolean
              || value == null ? value : value.toString());
        }
        return row;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
