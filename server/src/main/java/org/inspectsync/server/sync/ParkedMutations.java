package org.inspectsync.server.sync;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Json;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;

/**
 * Mutations that arrived before the record they need. They are kept in the name of the device
 * that sent them; when a batch creates the record they wait for, they are planned again, as that
 * device, in the same transaction, and whatever they create in turn releases those waiting on it.
 * What never resolves is marked expired after the time-out, and stays for a person to handle.
 */
final class ParkedMutations {

  /** Bounds a chain of releases (a finding waiting for a check waiting for an entity, ...). */
  private static final int MAX_DEPTH = 16;

  private static final String PARK = """
      INSERT INTO parked_mutations (id, station_id, device_id, user_id, role, seq, mutation, waiting_type, waiting_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (device_id, seq) DO UPDATE SET waiting_type = excluded.waiting_type,
          waiting_id = excluded.waiting_id, status = 'parked'
      """;
  private static final String WAITING = """
      SELECT p.id, p.station_id, p.device_id, p.user_id, p.role, p.seq, p.mutation
      FROM parked_mutations p
      JOIN unnest($1::text[], $2::uuid[]) AS arrived(type, id) ON p.waiting_type = arrived.type AND p.waiting_id = arrived.id
      WHERE p.status = 'parked'
      ORDER BY p.parked_at, p.device_id, p.seq
      FOR UPDATE OF p
      """;
  private static final String SETTLE = """
      UPDATE parked_mutations SET status = $2, resolved_at = now(), outcome = $3 WHERE id = $1
      """;
  private static final String EXPIRE = """
      UPDATE parked_mutations SET status = 'expired', resolved_at = now()
      WHERE status = 'parked' AND parked_at < now() - make_interval(days => $1)
      """;

  private ParkedMutations() {
  }

  static Future<Void> park(SqlConnection conn, Actor actor, List<BatchPlanner.Parked> parked) {
    if (parked.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(parked.size());
    for (BatchPlanner.Parked wait : parked) {
      rows.add(Tuple.of(UUID.randomUUID(), actor.unitId(), actor.deviceId(), actor.userId(), actor.role().name(),
          wait.mutation().seq(), wait.mutation().raw(), wait.waitingType().wireName(), wait.waitingId()));
    }
    return conn.preparedQuery(PARK).executeBatch(rows).mapEmpty();
  }

  /** Plans again, in order, every mutation waiting for one of these records. */
  static Future<Void> release(SqlConnection conn, List<KnownRecord.Key> arrived) {
    return release(conn, arrived, 0);
  }

  private static Future<Void> release(SqlConnection conn, List<KnownRecord.Key> arrived, int depth) {
    if (arrived.isEmpty() || depth == MAX_DEPTH) {
      return Future.succeededFuture();
    }
    String[] types = arrived.stream().map(key -> key.type().wireName()).toArray(String[]::new);
    UUID[] ids = arrived.stream().map(KnownRecord.Key::id).toArray(UUID[]::new);
    return conn.preparedQuery(WAITING).execute(Tuple.tuple().addArrayOfString(types).addArrayOfUUID(ids))
        .compose(rows -> {
      List<KnownRecord.Key> createdNow = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (Row row : rows) {
        chain = chain.compose(done -> replan(conn, row, createdNow));
      }
      return chain.compose(done -> release(conn, createdNow, depth + 1));
    });
  }

  private static Future<Void> replan(SqlConnection conn, Row row, List<KnownRecord.Key> createdNow) {
    Actor sender = new Actor(row.getUUID("user_id"), "", Role.fromName(row.getString("role")),
        row.getUUID("station_id"), row.getString("device_id"));
    DecodedMutation mutation = MutationDecoder.decodeOne(row.getLong("seq"), (JsonObject) row.getValue("mutation"));
    return PushService.plan(conn, sender, List.of(mutation)).compose(plan -> {
      MutationResult result = plan.results().get(0);
      createdNow.addAll(plan.created());
      Future<Void> written = PushService.write(conn, sender, plan);
      if (result.status() == MutationResult.Status.parked) {
        return written; // waits for something else now: park() moved it
      }
      JsonObject outcome = new JsonObject(Json.MAPPER.convertValue(result, Map.class));
      return Future.all(written, conn.preparedQuery(SETTLE)
              .execute(Tuple.of(row.getUUID("id"), result.applied() ? "applied" : "rejected", outcome)))
          .mapEmpty();
    });
  }

  /** Marks expired what has waited longer than {@code days}. Answers how many. */
  static Future<Integer> expire(Pool pool, int days) {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of(days)).map(RowSet::rowCount);
  }
}
