package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.Golden;
import org.inspectsync.protocol.Json;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The server answers the protocol's golden examples as documented")
class GoldenExamplesTest {

  private static final UUID ENTITY = UUID.fromString("0b7e5d3c-1a2b-4c3d-9e8f-7a6b5c4d3e2f");
  private static final TestServer server = TestServer.shared();

  @Test
  @DisplayName("the golden push gets the golden results, and the pull returns the golden finding")
  void goldenPushAndPull() throws Exception {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    Fixtures.user("li", "inspector", station);
    Fixtures.update("INSERT INTO business_entities (id, station_id, name, credit_code, category)"
        + " VALUES (?, ?, '张记水产摊', ?, 'market_stall')", ENTITY, station, Fixtures.creditCode());
    SyncClient li = server.client();
    li.login("li", Fixtures.PASSWORD, "golden-phone");

    PushResponse golden = Json.MAPPER.readValue(Golden.read(Golden.PUSH_RESPONSE), PushResponse.class);
    PushResponse answer = li.push(Json.MAPPER.readValue(Golden.read(Golden.PUSH_REQUEST), PushRequest.class));
    assertEquals(golden.results(), answer.results());
    assertEquals(golden.lastSeq(), answer.lastSeq());

    Change goldenFinding = Json.MAPPER.readValue(Golden.read(Golden.PULL_RESPONSE), PullResponse.class)
        .changes().get(0);
    Map<UUID, Change> pulled = new java.util.HashMap<>();
    PullResponse page = li.pull("", 1000);
    page.changes().forEach(change -> pulled.put(change.id(), change));
    assertEquals(goldenFinding, pulled.get(goldenFinding.id()));
  }
}
