package org.inspectsync.server.identity;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.inspectsync.server.db.DatabaseSettings;

/**
 * The first administrator of a fresh installation: a bureau at the top of the organisation and an
 * admin user attached to it. Run once from the command line, before the server serves anyone;
 * running it again changes nothing. Blocking, plain JDBC.
 */
public final class Bootstrap {

  /** What the command did. */
  public record Result(boolean created, UUID userId, UUID bureauId) {
  }

  private Bootstrap() {
  }

  public static Result createAdmin(DatabaseSettings db, String username, String password, String bureauName)
      throws SQLException {
    if (password.length() < 12) {
      throw new IllegalArgumentException("the admin password must have at least 12 characters");
    }
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      connection.setAutoCommit(false);
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(42001)")) {
        lock.execute();
      }
      UUID existing = id(connection, "SELECT id FROM users WHERE username = ?", username);
      if (existing != null) {
        connection.rollback();
        return new Result(false, existing, null);
      }
      UUID bureau = id(connection, "SELECT id FROM org_units WHERE kind = 'bureau' AND parent_id IS NULL"
          + " ORDER BY name LIMIT 1", null);
      if (bureau == null) {
        bureau = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO org_units (id, kind, name) VALUES (?, 'bureau', ?)")) {
          insert.setObject(1, bureau);
          insert.setString(2, bureauName);
          insert.executeUpdate();
        }
      }
      UUID user = UUID.randomUUID();
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO users (id, username, display_name,"
          + " password_hash, role, unit_id) VALUES (?, ?, ?, ?, 'admin', ?)")) {
        insert.setObject(1, user);
        insert.setString(2, username);
        insert.setString(3, username);
        insert.setString(4, Passwords.hash(password));
        insert.setObject(5, bureau);
        insert.executeUpdate();
      }
      connection.commit();
      return new Result(true, user, bureau);
    }
  }

  private static UUID id(Connection connection, String sql, String parameter) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      if (parameter != null) {
        query.setString(1, parameter);
      }
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getObject(1, UUID.class) : null;
      }
    }
  }
}
