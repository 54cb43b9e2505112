package org.inspectsync.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.inspectsync.protocol.LoginResponse;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The first administrator of a fresh installation")
class BootstrapTest {

  private static final TestServer server = TestServer.shared();

  @Test
  @DisplayName("is created once with a bureau above everything, can log in, and a second run changes nothing")
  void createOnce() throws Exception {
    TestDatabase.reset();
    Bootstrap.Result first = Bootstrap.createAdmin(TestDatabase.settings(), "admin", "a long admin password", "杭州市市场监管局");
    Bootstrap.Result second = Bootstrap.createAdmin(TestDatabase.settings(), "admin", "another password!!", "x");

    assertTrue(first.created());
    assertFalse(second.created());
    assertEquals(first.userId(), second.userId());
    assertEquals(1, Fixtures.count("SELECT count(*) FROM org_units WHERE kind = 'bureau'"));
    LoginResponse login = server.client().login("admin", "a long admin password", "admin-desk");
    assertEquals("admin", login.user().role());
    assertEquals(first.bureauId(), login.user().unitId());
  }

  @Test
  @DisplayName("refuses a short password")
  void shortPassword() {
    assertThrows(IllegalArgumentException.class,
        () -> Bootstrap.createAdmin(TestDatabase.settings(), "admin", "short", "bureau"));
  }
}
