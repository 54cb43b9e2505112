package org.inspectsync.server.assignments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.server.push.Recipient;

/**
 * Per assignment and device, how far the news got: sent (the server queued a hint for its current
 * version), pushed (FCM accepted the hint), delivered (the device pulled that version), seen,
 * started and done (reported by the device's own pushes). Each moment is kept once, when it first
 * happened; sent and delivered move on with each new version.
 */
public final class Receipts {

  private static final String SENT = """
      WITH sent AS (
        INSERT INTO assignment_receipts AS r (assignment_id, device_id, sent_at, sent_version)
        SELECT a.id, d.id, now(), a.version
        FROM assignments a JOIN devices d ON d.user_id = ANY (a.ever_assigned) AND d.revoked_at IS NULL
        WHERE a.id = ANY ($1)
        ON CONFLICT (assignment_id, device_id)
          DO UPDATE SET sent_at = excluded.sent_at, sent_version = excluded.sent_version
        RETURNING r.device_id)
      SELECT d.id, d.push_token, pg_notify('inspectsync_hints', d.id)
      FROM devices d WHERE d.id IN (SELECT device_id FROM sent) ORDER BY d.id
      """;
  private static final String DELIVERED = """
      INSERT INTO assignment_receipts AS r (assignment_id, device_id, delivered_at, delivered_version)
      SELECT a.id, $3, now(), pulled.version
      FROM unnest($1::uuid[], $2::int[]) AS pulled (id, version)
      JOIN assignments a ON a.id = pulled.id AND $4 = ANY (a.ever_assigned)
      ON CONFLICT (assignment_id, device_id) DO UPDATE
        SET delivered_at = excluded.delivered_at, delivered_version = excluded.delivered_version
        WHERE r.delivered_version IS NULL OR r.delivered_version < excluded.delivered_version
      """;
  private static final String PROGRESS = """
      INSERT INTO assignment_receipts AS r (assignment_id, device_id, seen_at, started_at, done_at)
      SELECT id, $2, now(), CASE WHEN id = ANY ($3) THEN now() END, CASE WHEN id = ANY ($4) THEN now() END
      FROM unnest($1::uuid[]) AS id
      ON CONFLICT (assignment_id, device_id) DO UPDATE
        SET seen_at = coalesce(r.seen_at, excluded.seen_at),
            started_at = coalesce(r.started_at, excluded.started_at),
            done_at = coalesce(r.done_at, excluded.done_at)
      """;
  private static final String PUSHED = """
      UPDATE assignment_receipts SET pushed_at = now()
      WHERE device_id = $1 AND sent_at IS NOT NULL AND (pushed_at IS NULL OR pushed_at < sent_at)
      """;
  private static final String LIST = """
      SELECT r.device_id, d.user_id, u.display_name, a.version AS current_version,
             r.sent_at, r.sent_version, r.pushed_at, r.delivered_at, r.delivered_version,
             r.seen_at, r.started_at, r.done_at
      FROM assignment_receipts r
      JOIN assignments a ON a.id = r.assignment_id
      JOIN devices d ON d.id = r.device_id
      JOIN users u ON u.id = d.user_id
      WHERE r.assignment_id = $1
      ORDER BY u.display_name, r.device_id
      """;

  private Receipts() {
  }

  /**
   * Marks the assignments' current versions as sent to every device of everyone they were ever
   * for (someone taken off must learn it too), names those devices on the live-hint channel
   * ({@link org.inspectsync.server.push.LiveHints#CHANNEL}, delivered on commit), and answers them,
   * to be pushed after commit.
   */
  public static Future<List<Recipient>> sent(SqlConnection conn, Collection<UUID> assignmentIds) {
    if (assignmentIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return conn.preparedQuery(SENT).execute(Tuple.tuple().addArrayOfUUID(assignmentIds.toArray(UUID[]::new)))
        .map(rows -> {
          List<Recipient> recipients = new ArrayList<>();
          for (Row row : rows) {
            recipients.add(new Recipient(row.getString("id"), row.getString("push_token")));
          }
          return recipients;
        });
  }

  /** A device pulled these assignment versions; only its own assignments count. */
  public static Future<Void> delivered(SqlClient client, String deviceId, UUID userId, List<UUID> ids,
      List<Integer> versions) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(DELIVERED).execute(Tuple.tuple()
            .addArrayOfUUID(ids.toArray(UUID[]::new))
            .addArrayOfInteger(versions.toArray(Integer[]::new))
            .addString(deviceId)
            .addUUID(userId))
        .mapEmpty();
  }

  /**
   * A device's batch touched these assignments: updating one means its officer saw it, a check
   * against one means they started it, and {@code done} are those the batch completed.
   */
  static Future<Void> progress(SqlConnection conn, String deviceId, Set<UUID> seen, Set<UUID> started,
      Set<UUID> done) {
    Set<UUID> touched = new LinkedHashSet<>(seen);
    touched.addAll(started);
    touched.addAll(done);
    if (touched.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(PROGRESS).execute(Tuple.tuple()
            .addArrayOfUUID(touched.toArray(UUID[]::new))
            .addString(deviceId)
            .addArrayOfUUID(started.toArray(UUID[]::new))
            .addArrayOfUUID(done.toArray(UUID[]::new)))
        .mapEmpty();
  }

  /** FCM accepted a hint for the device: every version sent to it before now counts as pushed. */
  public static Future<Void> pushed(SqlClient client, String deviceId) {
    return client.preparedQuery(PUSHED).execute(Tuple.of(deviceId)).mapEmpty();
  }

  static Future<JsonArray> list(SqlClient client, UUID assignmentId) {
    return client.preparedQuery(LIST).execute(Tuple.of(assignmentId)).map(rows -> {
      JsonArray receipts = new JsonArray();
      for (Row row : rows) {
        Integer delivered = row.getInteger("delivered_version");
        receipts.add(new JsonObject()
            .put("deviceId", row.getString("device_id"))
            .put("userId", row.getUUID("user_id").toString())
            .put("inspector", row.getString("display_name"))
            .put("sentAt", text(row.getOffsetDateTime("sent_at")))
            .put("sentVersion", row.getInteger("sent_version"))
            .put("pushedAt", text(row.getOffsetDateTime("pushed_at")))
            .put("deliveredAt", text(row.getOffsetDateTime("delivered_at")))
            .put("deliveredVersion", delivered)
            .put("upToDate", delivered != null && delivered.equals(row.getInteger("current_version")))
            .put("seenAt", text(row.getOffsetDateTime("seen_at")))
            .put("startedAt", text(row.getOffsetDateTime("started_at")))
            .put("doneAt", text(row.getOffsetDateTime("done_at"))));
      }
      return receipts;
    });
  }

  private static String text(OffsetDateTime time) {
    return time == null ? null : time.toString();
  }
}
