package org.inspectsync.server.sync;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.assignments.Receipts;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;
import org.inspectsync.server.records.RecordSchema;
import org.inspectsync.server.records.RecordSql;

/**
 * Serves changes in a station since a cursor.
 *
 * <p>Why it never skips a change: every row carries the id of the transaction that last wrote it
 * (stamped by the database), and pull reads only rows written by transactions below the
 * <em>horizon</em>, the oldest transaction still running. Every transaction below the horizon has
 * ended, so no row can later appear below a cursor already handed out. A transaction that started
 * before a pull and commits after it sits at or above the horizon and is delivered by a later
 * pull. Rows are delivered in (txid, change_seq) order, which is unique, so a page can end
 * anywhere.
 */
public final class PullService {

  private static final String HORIZON = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon";
  /** From its first pull on, a device holds its user's home station's records. */
  private static final String BIND_DEVICE = """
      UPDATE devices SET station_id = $2, last_seen_at = now(),
        outbox_age_seconds = CASE WHEN $3::integer IS NULL THEN outbox_age_seconds ELSE nullif($3::integer, 0) END,
        outbox_reported_at = CASE WHEN $3::integer IS NULL THEN outbox_reported_at ELSE now() END
      WHERE id = $1 AND (station_id IS DISTINCT FROM $2 OR last_seen_at < now() - interval '30 seconds'
        OR ($3::integer IS NOT NULL AND outbox_age_seconds IS DISTINCT FROM nullif($3::integer, 0)))
      """;
  private static final String CHANGES = Stream.of(RecordType.values())
      .map(type -> RecordSql.changesSince(RecordSchema.of(type)))
      .collect(Collectors.joining("\nUNION ALL\n",
          "SELECT type, id, version, deleted, txid_text, change_seq, data FROM (\n",
          "\n) AS changes ORDER BY txid, change_seq LIMIT $5"));

  private final Pool pool;

  public PullService(Pool pool) {
    this.pool = pool;
  }

  /**
   * A page of at most {@code limit} changes after {@code cursor}, as the wire's PullResponse, for
   * the caller's home station. A cursor of another station means the officer has moved: the page
   * says purge, and starts the home station from the beginning.
   */
  public Future<JsonObject> pull(Actor actor, UUID home, StationCursor cursor, int limit) {
    return pull(actor, home, cursor, limit, null);
  }

  /**
   * @param outboxAge what the phone reports of its outbox ({@code X-Outbox-Age}), or null; kept, with
   *     the time of this contact (written at most twice a minute when nothing else changed)
   */
  public Future<JsonObject> pull(Actor actor, UUID home, StationCursor cursor, int limit, Integer outboxAge) {
    UUID onlyInspector = actor.role() == Role.inspector ? actor.userId() : null;
    boolean purge = cursor.movedFrom(home);
    Cursor from = purge ? Cursor.START : cursor.position();
    return pool.withConnection(conn -> conn.preparedQuery(BIND_DEVICE).execute(Tuple.of(actor.deviceId(), home, outboxAge))
        .compose(bound -> conn.query(HORIZON).execute())
        .compose(horizonRows -> {
          long horizon = Long.parseLong(horizonRows.iterator().next().getString("horizon"));
          Tuple params = Tuple.of(home, Long.toString(from.txid()), from.changeSeq(),
              Long.toString(horizon), limit + 1, onlyInspector);
          return conn.preparedQuery(CHANGES).execute(params)
              .map(rows -> page(rows, from, horizon, limit, home).put("purge", purge));
        })
        .compose(page -> onlyInspector == null
            ? Future.succeededFuture(page)
            : deliveredAssignments(conn, actor, page.getJsonArray("changes")).map(page)));
  }

  /** The inspector's phone now holds these versions of its assignments: the dispatcher sees them delivered. */
  private static Future<Void> deliveredAssignments(SqlConnection conn, Actor actor, JsonArray changes) {
    List<UUID> ids = new ArrayList<>();
    List<Integer> versions = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      JsonObject change = changes.getJsonObject(i);
      if (RecordType.ASSIGNMENT.wireName().equals(change.getString("type"))) {
        ids.add(UUID.fromString(change.getString("id")));
        versions.add(change.getInteger("version"));
      }
    }
    return Receipts.delivered(conn, actor.deviceId(), actor.userId(), ids, versions);
  }

  private static JsonObject page(RowSet<Row> rows, Cursor from, long horizon, int limit, UUID station) {
    JsonArray changes = new JsonArray();
    Cursor last = from;
    int count = 0;
    for (Row row : rows) {
      if (count == limit) {
        break;
      }
      JsonObject change = new JsonObject()
          .put("type", row.getString("type"))
          .put("id", row.getUUID("id").toString())
          .put("version", row.getInteger("version"))
          .put("deleted", row.getBoolean("deleted"));
      Object data = row.getValue("data");
      if (data != null) {
        change.put("data", data);
      }
      changes.add(change);
      last = new Cursor(Long.parseLong(row.getString("txid_text")), row.getLong("change_seq"));
      count++;
    }
    boolean hasMore = rows.size() > limit;
    // A short page means everything below the horizon has been read: jump to it.
    Cursor next = hasMore ? last : max(last, new Cursor(horizon, 0));
    return new JsonObject().put("changes", changes).put("cursor", new StationCursor(next, station).encode())
        .put("hasMore", hasMore);
  }

  private static Cursor max(Cursor a, Cursor b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
