package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Mutation;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.ApiException;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Each numbered mutation is applied exactly once")
class ExactlyOnceTest {

  private static final String DEVICE = "phone-li-1";

  private static final TestServer server = TestServer.shared();
  private SyncClient li;
  private UUID entity;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    Fixtures.user("li", "inspector", station);
    entity = Fixtures.entity(station);
    li = server.client();
    li.login("li", Fixtures.PASSWORD, DEVICE);
  }

  @AfterEach
  void dropFaults() {
    TestDatabase.execute("DROP TRIGGER IF EXISTS test_fault ON hazard_findings");
  }

  /** Mutations 1..n: a check, then findings on it, and one mutation with an invalid credit code. */
  private List<Mutation> day(int n) {
    List<Mutation> mutations = new ArrayList<>();
    UUID check = UUID.randomUUID();
    mutations.add(Mutation.create(1, RecordType.CHECK, check,
        Map.of("entityId", entity.toString(), "outcome", "hazards_found")));
    mutations.add(Mutation.create(2, RecordType.ENTITY, UUID.randomUUID(),
        Map.of("name", "bad code", "creditCode", "123", "category", "other")));
    for (long seq = 3; seq <= n; seq++) {
      mutations.add(Mutation.create(seq, RecordType.FINDING, UUID.randomUUID(),
          Map.of("checkId", check.toString(), "category", "hygiene", "severity", "low",
              "description", "finding " + seq)));
    }
    return mutations;
  }

  private static long rows() {
    return Fixtures.count("SELECT (SELECT count(*) FROM market_checks) + (SELECT count(*) FROM hazard_findings)"
        + " + (SELECT count(*) FROM business_entities)");
  }

  private static long lastSeq() {
    return Fixtures.count("SELECT last_seq FROM devices WHERE id = ?", DEVICE);
  }

  private static long versionsSum() {
    return Fixtures.count("SELECT coalesce(sum(version), 0) FROM hazard_findings");
  }

  @Test
  @DisplayName("a whole batch sent twice is applied once and answered the same both times")
  void wholeBatchReplay() {
    List<Mutation> batch = day(10);
    PushResponse first = li.push(new PushRequest(batch));
    long rowsAfterFirst = rows();
    PushResponse second = li.push(new PushRequest(batch));

    assertEquals(first, second);
    assertEquals(rowsAfterFirst, rows());
    assertEquals(1 + 1 + 8, rowsAfterFirst, "the check, the fixture entity and 8 findings");
    assertEquals("rejected", second.results().get(1).status().name());
    assertEquals("CREDIT_CODE_INVALID", second.results().get(1).code());
    assertEquals(10, lastSeq());
  }

  @Test
  @DisplayName("a suffix of an applied batch is answered from the record and changes nothing")
  void suffixReplay() {
    List<Mutation> batch = day(10);
    PushResponse first = li.push(new PushRequest(batch));
    long before = rows();
    long versions = versionsSum();

    PushResponse suffix = li.push(new PushRequest(batch.subList(1, 10)));

    assertEquals(first.results().subList(1, 10), suffix.results());
    assertEquals(before, rows());
    assertEquals(versions, versionsSum());
    assertEquals(first.visibleAt(), suffix.visibleAt());
  }

  @Test
  @DisplayName("a batch overlapping applied and new mutations applies only the new ones")
  void overlappingReplay() {
    List<Mutation> all = day(12);
    PushResponse first = li.push(new PushRequest(all.subList(0, 8)));
    PushResponse overlap = li.push(new PushRequest(all.subList(5, 12)));

    assertEquals(first.results().subList(5, 8), overlap.results().subList(0, 3));
    assertTrue(overlap.results().subList(3, 7).stream().allMatch(MutationResult::applied));
    assertEquals(12, overlap.lastSeq());
    assertEquals(10, Fixtures.count("SELECT count(*) FROM hazard_findings"));
    assertEquals(10, Fixtures.count("SELECT count(*) FROM hazard_findings WHERE version = 1"));
  }

  @Test
  @DisplayName("a gap in the numbering is refused whole, naming the number expected")
  void gapRefused() {
    List<Mutation> all = day(10);
    li.push(new PushRequest(all.subList(0, 3)));
    long before = rows();

    ApiException gap = assertThrows(ApiException.class, () -> li.push(new PushRequest(all.subList(5, 10))));

    assertEquals(409, gap.status());
    assertEquals("SEQUENCE_GAP", gap.error().code());
    assertEquals("mutations[0].seq", gap.error().field());
    assertEquals(4L, gap.error().expectedSeq());
    assertEquals(before, rows());
    assertEquals(3, lastSeq());
    assertEquals(10, li.push(new PushRequest(all.subList(3, 10))).lastSeq());
  }

  @Test
  @DisplayName("a fault in the middle of a batch leaves nothing applied, and the resent batch applies whole")
  void faultMidBatchRollsBack() {
    TestDatabase.execute("""
        CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.description = 'finding 7' THEN RAISE EXCEPTION 'disk on fire'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER test_fault BEFORE INSERT ON hazard_findings FOR EACH ROW EXECUTE FUNCTION test_fault();
        """);
    List<Mutation> batch = day(10);

    ApiException fault = assertThrows(ApiException.class, () -> li.push(new PushRequest(batch)));

    assertEquals(500, fault.status());
    assertEquals(1, rows(), "only the fixture entity");
    assertEquals(0, lastSeq());
    assertEquals(0, Fixtures.count("SELECT count(*) FROM mutation_outcomes"));

    dropFaults();
    PushResponse resent = li.push(new PushRequest(batch));
    assertEquals(10, resent.lastSeq());
    assertEquals(8, Fixtures.count("SELECT count(*) FROM hazard_findings"));
  }

  @Test
  @DisplayName("a batch and its retry arriving at the same moment are applied once, with one answer")
  void racingRetries() throws Exception {
    List<Mutation> batch = day(20);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<PushResponse>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(pool.submit(() -> li.push(new PushRequest(batch))));
      }
      PushResponse first = answers.get(0).get();
      for (var answer : answers) {
        assertEquals(first, answer.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(18, Fixtures.count("SELECT count(*) FROM hazard_findings"));
    assertEquals(18, Fixtures.count("SELECT count(*) FROM hazard_findings WHERE version = 1"));
    assertEquals(20, lastSeq());
  }

  @Test
  @DisplayName("a permanently invalid mutation is answered, consumes its number, and the queue moves on")
  void invalidDoesNotWedge() {
    List<Mutation> batch = day(3);
    PushResponse response = li.push(new PushRequest(batch));
    assertEquals(3, response.lastSeq());
    assertEquals(List.of(true, false, true), response.results().stream().map(MutationResult::applied).toList());
    assertEquals("data.creditCode", response.results().get(1).field());
  }
}
