package org.inspectsync.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.identity.Role;

/**
 * A city's phones as the server knows them after earlier logins: one registered device per
 * inspector (a row in {@code devices}, written by JDBC) holding an access token, so that a run can
 * start thousands of phones without a login each. Each phone then speaks the protocol as usual.
 */
final class Fleet {

  /** One phone: its inspector, the inspector's user id, the device id and the token it holds. */
  record Device(CityFixtures.Inspector inspector, UUID userId, String deviceId, String token) {

    /** The protocol's client for this phone, over the run's shared HTTP client. */
    SyncClient client(URI base, HttpClient http) {
      return new SyncClient(base, new BearerHttpClient(http, token));
    }
  }

  private Fleet() {
  }

  /** Registers a device for every inspector of the city and issues each a token. */
  static List<Device> register(Connection db, CityFixtures.City city, IssuedTokens tokens) throws SQLException {
    List<String> usernames = city.inspectors().stream().map(CityFixtures.Inspector::username).toList();
    Map<String, UUID> userIds = userIds(db, usernames);
    List<Device> devices = new ArrayList<>(usernames.size());
    boolean autoCommit = db.getAutoCommit();
    db.setAutoCommit(false);
    try (PreparedStatement insert = db.prepareStatement(
        "INSERT INTO devices (id, user_id, model, app_version) VALUES (?, ?, 'load phone', 'load')")) {
      for (CityFixtures.Inspector inspector : city.inspectors()) {
        UUID userId = userIds.get(inspector.username());
        String deviceId = "load-phone-" + inspector.username();
        insert.setString(1, deviceId);
        insert.setObject(2, userId);
        insert.addBatch();
        devices.add(new Device(inspector, userId, deviceId,
            tokens.issue(userId, inspector.username(), Role.inspector, inspector.stationId(), deviceId)));
      }
      insert.executeBatch();
      db.commit();
    } finally {
      db.setAutoCommit(autoCommit);
    }
    return devices;
  }

  static Map<String, UUID> userIds(Connection db, List<String> usernames) throws SQLException {
    Map<String, UUID> ids = new HashMap<>();
    try (PreparedStatement query = db.prepareStatement("SELECT username, id FROM users WHERE username = ANY (?)")) {
      Array names = db.createArrayOf("text", usernames.toArray());
      query.setArray(1, names);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.put(rows.getString(1), rows.getObject(2, UUID.class));
        }
      }
    }
    return ids;
  }

  /** The run's shared HTTP client: HTTP/1.1 as phones speak it over plain HTTP. */
  static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .build();
  }
}
