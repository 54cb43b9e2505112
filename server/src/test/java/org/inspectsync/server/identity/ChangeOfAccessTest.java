package org.inspectsync.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An inspector who moves station keeps the offline work and gets the new station in full")
class ChangeOfAccessTest {

  private static final TestServer server = TestServer.shared();
  private UUID east;
  private UUID west;
  private UUID eastStall;
  private UUID westStall;

  @BeforeEach
  void twoStations() {
    TestDatabase.reset();
    east = Fixtures.station("east");
    west = Fixtures.station("west");
    Fixtures.user("li", "inspector", east);
    eastStall = Fixtures.entity(east);
    westStall = Fixtures.entity(west);
  }

  @Test
  @DisplayName("work done before the move is applied in the old station; the next pull purges and starts the new one")
  void move() {
    Phone phone = server.phone("li");
    phone.sync();
    assertEquals(Set.of(eastStall), phone.records(RecordType.ENTITY).keySet());
    String oldCursor = phone.cursor();

    // Offline in the east station's market; meanwhile the office moves li to the west station.
    UUID check = phone.create(RecordType.CHECK, Map.of("entityId", eastStall.toString(), "outcome", "passed"));
    phone.update(RecordType.ENTITY, eastStall, Map.of("address", "摊位 12"));
    Fixtures.update("UPDATE users SET unit_id = ? WHERE username = 'li'", west);

    phone.sync();

    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
    assertEquals(1, Fixtures.count("SELECT count(*) FROM market_checks WHERE id = ? AND station_id = ?", check, east));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM business_entities WHERE id = ? AND address = '摊位 12'",
        eastStall));
    assertEquals(Set.of(westStall), phone.records(RecordType.ENTITY).keySet(), "the east records are purged");
    assertTrue(phone.records(RecordType.CHECK).isEmpty());

    UUID westCheck = phone.create(RecordType.CHECK, Map.of("entityId", westStall.toString(), "outcome", "passed"));
    phone.sync();
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
    assertEquals(1, Fixtures.count("SELECT count(*) FROM market_checks WHERE id = ? AND station_id = ?", westCheck,
        west));

    // A reply lost on the way: the old cursor asks again and is told again.
    PullResponse again = phone.client().pull(oldCursor, 100);
    assertTrue(again.purge());
    assertFalse(phone.client().pull(phone.cursor(), 100).purge());
  }
}
