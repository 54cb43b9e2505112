package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.Cursors;
import org.inspectsync.protocol.Mutation;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Writers push, slow transactions commit late, and pullers page through the changes at the same
 * time. Afterwards every puller's copy must equal the table: a cursor that moved past a change
 * committed late would leave a puller without it.
 */
@DisplayName("Pull never misses a change while others write")
class ConcurrentPullTest {

  private static final int WRITERS = 4;
  private static final int ROUNDS = 25;
  private static final int PULLERS = 3;
  private static final int SLOW_TRANSACTIONS = 12;

  private static final TestServer server = TestServer.shared();
  private static UUID station;
  /** The furthest cursor at which some writer's writes become visible. */
  private static final AtomicReference<String> lastWriteVisibleAt = new AtomicReference<>(Cursors.START);

  @BeforeAll
  static void start() {
    TestDatabase.reset();
    station = Fixtures.station("east");
    for (int i = 0; i < WRITERS + PULLERS; i++) {
      Fixtures.user("inspector" + i, "inspector", station);
    }
  }

  /** A puller's copy: id to version of live records; it also checks versions never go back. */
  private static final class Copy {
    final Map<UUID, Integer> live = new HashMap<>();
    final Map<UUID, Integer> highest = new HashMap<>();
    String cursor = Cursors.START;
    int pages;

    void pullOnce(SyncClient client) {
      PullResponse page;
      do {
        page = client.pull(cursor, 7);
        for (Change change : page.changes()) {
          Integer seen = highest.get(change.id());
          assertTrue(seen == null || change.version() > seen,
              () -> "version went back for " + change.id() + ": " + seen + " then " + change.version());
          highest.put(change.id(), change.version());
          if (change.deleted()) {
            live.remove(change.id());
          } else {
            live.put(change.id(), change.version());
          }
        }
        assertTrue(Cursors.isAtOrPast(page.cursor(), cursor), "cursor went back");
        cursor = page.cursor();
        pages++;
      } while (page.hasMore());
    }
  }

  @Test
  @DisplayName("what every puller assembled equals the table, with slow transactions committing behind their cursors")
  void pullersEndUpEqualToTheTable() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + PULLERS + 1);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(pool.submit(() -> write(writer)));
    }
    writers.add(pool.submit(ConcurrentPullTest::slowTransactions));
    List<Future<Copy>> pullers = new ArrayList<>();
    for (int p = 0; p < PULLERS; p++) {
      SyncClient client = server.client();
      client.login("inspector" + (WRITERS + p), Fixtures.PASSWORD, "puller-" + p);
      pullers.add(pool.submit(() -> {
        Copy copy = new Copy();
        while (writing.get()) {
          copy.pullOnce(client);
        }
        // Caught up means: at or past the cursor at which every write is visible. Pulls may lag
        // behind a transaction still running elsewhere on the server, but never skip.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
          copy.pullOnce(client);
        } while (!Cursors.isAtOrPast(copy.cursor, lastWriteVisibleAt.get()) && System.nanoTime() < deadline);
        return copy;
      }));
    }
    for (Future<?> writer : writers) {
      writer.get(3, TimeUnit.MINUTES);
    }
    writing.set(false);
    Map<UUID, Integer> table = liveEntities();
    for (Future<Copy> puller : pullers) {
      Copy copy = puller.get(1, TimeUnit.MINUTES);
      assertTrue(copy.pages > PULLERS, "the puller pulled while writers wrote");
      assertTrue(Cursors.isAtOrPast(copy.cursor, lastWriteVisibleAt.get()), "the puller caught up");
      assertEquals(table, copy.live, () -> difference(table, copy.live));
    }
    pool.shutdownNow();
    assertTrue(table.size() > 100, "the workload wrote a real number of records: " + table.size());
  }

  /** Creates, updates and deletes entities in batches through the push API. */
  private static void write(int writer) {
    SyncClient client = server.client();
    client.login("inspector" + writer, Fixtures.PASSWORD, "writer-" + writer);
    Random random = new Random(writer);
    List<UUID> mine = new ArrayList<>();
    long seq = 1;
    for (int round = 0; round < ROUNDS; round++) {
      List<Mutation> batch = new ArrayList<>();
      for (int i = 0; i < 8; i++, seq++) {
        int dice = random.nextInt(10);
        if (mine.isEmpty() || dice < 5) {
          UUID id = UUID.randomUUID();
          mine.add(id);
          batch.add(Mutation.create(seq, RecordType.ENTITY, id, Map.of("name", "stall " + seq,
              "creditCode", Fixtures.creditCode(), "category", "market_stall")));
        } else if (dice < 9) {
          UUID id = mine.get(random.nextInt(mine.size()));
          batch.add(Mutation.update(seq, RecordType.ENTITY, id, 1, Map.of("address", "row " + seq)));
        } else {
          UUID id = mine.remove(random.nextInt(mine.size()));
          batch.add(Mutation.delete(seq, RecordType.ENTITY, id, 1));
        }
      }
      PushResponse response = client.push(new PushRequest(batch));
      assertEquals(seq - 1, response.lastSeq());
      reached(response.visibleAt());
    }
  }

  /** Transactions that take their change numbers early and commit after others have committed. */
  private static void slowTransactions() {
    Random random = new Random(99);
    for (int i = 0; i < SLOW_TRANSACTIONS; i++) {
      try (Connection connection = TestDatabase.connect()) {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO business_entities (id, station_id, name, credit_code, category) VALUES (?, ?, ?, ?, 'other')")) {
          insert.setObject(1, UUID.randomUUID());
          insert.setObject(2, station);
          insert.setString(3, "slow " + i);
          insert.setString(4, Fixtures.creditCode());
          insert.executeUpdate();
        }
        long txid;
        try (var statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_current_xact_id()::text")) {
          result.next();
          txid = Long.parseLong(result.getString(1));
        }
        Thread.sleep(100 + random.nextInt(200));
        connection.commit();
        reached(Cursor.after(txid).encode());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static void reached(String visibleAt) {
    lastWriteVisibleAt.accumulateAndGet(visibleAt, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }

  private static String difference(Map<UUID, Integer> table, Map<UUID, Integer> pulled) {
    StringBuilder text = new StringBuilder("pulled copy differs from the table:");
    for (Map.Entry<UUID, Integer> row : table.entrySet()) {
      if (!row.getValue().equals(pulled.get(row.getKey()))) {
        text.append("\n  ").append(row.getKey()).append(" table v").append(row.getValue())
            .append(" pulled v").append(pulled.get(row.getKey()));
      }
    }
    for (UUID id : pulled.keySet()) {
      if (!table.containsKey(id)) {
        text.append("\n  ").append(id).append(" deleted in the table, live in the copy");
      }
    }
    return text.toString();
  }

  private static Map<UUID, Integer> liveEntities() throws Exception {
    Map<UUID, Integer> rows = new HashMap<>();
    try (Connection connection = TestDatabase.connect();
         PreparedStatement query = connection.prepareStatement(
             "SELECT id, version FROM business_entities WHERE station_id = ? AND NOT deleted")) {
      query.setObject(1, station);
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.put(result.getObject(1, UUID.class), result.getInt(2));
        }
      }
    }
    return rows;
  }
}
