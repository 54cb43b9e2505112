package org.inspectsync.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.inspectsync.protocol.LoginResponse;
import org.inspectsync.protocol.TokenPair;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Refresh tokens rotate, and a replayed one ends the device's session")
class RefreshTest {

  private static final TestServer server = TestServer.shared();
  private SyncClient phone;
  private LoginResponse login;

  @BeforeEach
  void loggedIn() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    Fixtures.user("li", "inspector", station);
    Fixtures.user("chen", "supervisor", station);
    phone = server.client();
    login = phone.login("li", Fixtures.PASSWORD, "li-phone");
  }

  private static Http.Response refresh(String token) {
    return server.http().post("/auth/refresh", new JsonObject().put("refreshToken", token).encode(), null);
  }

  @Test
  @DisplayName("a refresh gives a working access token and a new refresh token; the old one is spent")
  void rotation() {
    TokenPair pair = phone.refresh();
    assertNotEquals(login.refreshToken(), pair.refreshToken());
    assertEquals(200, server.http().get("/sync/pull", pair.token()).status());
    assertEquals(200, refresh(pair.refreshToken()).status());
  }

  @Test
  @DisplayName("presenting a spent refresh token again revokes the whole session, the newest token included")
  void replayEndsSession() {
    TokenPair pair = phone.refresh();
    Http.Response replay = refresh(login.refreshToken());
    assertEquals(401, replay.status());
    assertEquals("TOKEN_INVALID", replay.body().getString("code"));
    assertEquals(401, refresh(pair.refreshToken()).status(), "the thief's copy and the phone's newest both die");
    LoginResponse again = server.client().login("li", Fixtures.PASSWORD, "li-phone");
    assertEquals(200, refresh(again.refreshToken()).status(), "logging in again starts a new session");
  }

  @Test
  @DisplayName("an expired refresh token, or one of a revoked device, is refused with its own code")
  void expiredAndRevoked() {
    TestDatabase.execute("UPDATE refresh_tokens SET expires_at = now() - interval '1 day'");
    assertEquals("TOKEN_EXPIRED", refresh(login.refreshToken()).body().getString("code"));

    LoginResponse again = phone.login("li", Fixtures.PASSWORD, "li-phone");
    SyncClient desk = server.client();
    desk.login("chen", Fixtures.PASSWORD, "chen-desk");
    assertEquals(200, server.http().post("/devices/li-phone/revoke", "", desk.token()).status());
    assertEquals("DEVICE_REVOKED", refresh(again.refreshToken()).body().getString("code"));
    assertEquals("TOKEN_INVALID", refresh("made-up").body().getString("code"));
  }
}
