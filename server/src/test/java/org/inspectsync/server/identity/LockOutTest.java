package org.inspectsync.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Password guessing is slowed per user and per address")
class LockOutTest {

  private static final TestServer server = TestServer.shared();

  @BeforeEach
  void users() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    Fixtures.user("li", "inspector", station);
    Fixtures.user("wang", "inspector", station);
  }

  private static Http.Response login(String username, String password) {
    return server.http().post("/auth/login", new JsonObject().put("username", username).put("password", password)
        .put("deviceId", username + "-phone").encode(), null);
  }

  @Test
  @DisplayName("five wrong passwords lock the user for fifteen minutes, even against the right one; others are not locked")
  void perUser() {
    for (int i = 0; i < LoginHandler.USER_LIMIT; i++) {
      assertEquals("LOGIN_FAILED", login("li", "guess" + i).body().getString("code"));
    }
    Http.Response locked = login("li", Fixtures.PASSWORD);
    assertEquals(429, locked.status());
    assertEquals("LOGIN_LOCKED", locked.body().getString("code"));
    assertEquals(200, login("wang", Fixtures.PASSWORD).status(), "another user is not locked");

    TestDatabase.execute("UPDATE login_failures SET failed_at = now() - interval '16 minutes'");
    assertEquals(200, login("li", Fixtures.PASSWORD).status(), "the lock ends with the window");
    assertEquals(0, Fixtures.count("SELECT count(*) FROM login_failures WHERE username = 'li'"),
        "a successful login clears the user's failures");
  }

  @Test
  @DisplayName("many failures from one address lock that address, whatever the usernames")
  void perAddress() {
    for (int i = 0; i < LoginHandler.ADDRESS_LIMIT; i++) {
      Fixtures.update("INSERT INTO login_failures (username, address) VALUES (?, '127.0.0.1')", "nobody" + i);
    }
    Http.Response locked = login("wang", Fixtures.PASSWORD);
    assertEquals(429, locked.status());
    assertEquals("LOGIN_LOCKED", locked.body().getString("code"));
  }
}
