package org.inspectsync.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A roster of units and users loads a city and can be loaded again")
class RosterTest {

  private static final TestServer server = TestServer.shared();
  private static final String CITY = """
      record,key,name,kind,parent
      unit,HZ,杭州市市场监管局,bureau,
      unit,HZ-SC,上城区市场监管局,bureau,HZ
      unit,HZ-SC-01,城东市场监管所,station,HZ-SC
      unit,HZ-SC-01-G1,第一网格,grid,HZ-SC-01
      user,zhang.wei,张伟,inspector,HZ-SC-01
      user,li.na,李娜,dispatcher,HZ-SC-01

      user,wang.fang,王芳,supervisor,HZ-SC
      """;

  @BeforeEach
  void empty() {
    TestDatabase.reset();
  }

  @Test
  @DisplayName("loading twice creates nothing twice, and the second load applies changes in place")
  void idempotent() throws Exception {
    Roster.Result first = Roster.load(TestDatabase.settings(), new StringReader(CITY));
    assertEquals(4, first.unitsCreated());
    assertEquals(3, first.usersCreated());
    assertEquals(3, first.firstPasswords().size());

    String moved = CITY.replace("user,zhang.wei,张伟,inspector,HZ-SC-01", "user,zhang.wei,张伟,supervisor,HZ-SC");
    Roster.Result second = Roster.load(TestDatabase.settings(), new StringReader(moved));
    assertEquals(0, second.unitsCreated());
    assertEquals(0, second.usersCreated());
    assertEquals(3, second.usersUpdated());
    assertTrue(second.firstPasswords().isEmpty(), "existing users keep their passwords");
    assertEquals(4, Fixtures.count("SELECT count(*) FROM org_units"));
    assertEquals(3, Fixtures.count("SELECT count(*) FROM users"));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM users u JOIN org_units o ON o.id = u.unit_id"
        + " WHERE u.username = 'zhang.wei' AND u.role = 'supervisor' AND o.code = 'HZ-SC'"));

    var login = server.client().login("li.na", first.firstPasswords().get("li.na"), "li-na-phone");
    assertEquals("dispatcher", login.user().role());
  }

  @Test
  @DisplayName("a bad line names itself and nothing of the file is loaded")
  void allOrNothing() {
    String bad = CITY + "user,ghost,鬼,inspector,NO-SUCH-UNIT\n";
    Roster.Invalid invalid = assertThrows(Roster.Invalid.class,
        () -> Roster.load(TestDatabase.settings(), new StringReader(bad)));
    assertTrue(invalid.getMessage().startsWith("line 10:"), invalid.getMessage());
    assertEquals(0, Fixtures.count("SELECT count(*) FROM org_units"));
    assertThrows(Roster.Invalid.class, () -> Roster.load(TestDatabase.settings(), new StringReader("a,b\n")));
    assertThrows(Roster.Invalid.class, () -> Roster.load(TestDatabase.settings(),
        new StringReader(Roster.HEADER + "\nunit,X,x,province,\n")));
  }
}
