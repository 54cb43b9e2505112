package org.inspectsync.server.assignments;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Assignment SQL used inside a sync batch's transaction, and after a dispatcher's edit. */
public final class AssignmentRepository {

  private static final String PROGRESS = """
      SELECT a.id, a.status, cardinality(a.entity_ids) AS total,
             (SELECT count(DISTINCT c.entity_id) FROM market_checks c
              WHERE c.assignment_id = a.id AND NOT c.deleted AND c.entity_id = ANY (a.entity_ids)) AS checked
      FROM assignments a
      WHERE a.id = ANY ($1)
      ORDER BY a.id
      FOR UPDATE OF a
      """;
  private static final String SET_STATUS = "UPDATE assignments SET status = $2 WHERE id = $1";

  private AssignmentRepository() {
  }

  /** Moves a batch's assignments on and records the device's receipts: seen, started, done. */
  public static Future<Void> advanceAndReceipt(SqlConnection conn, String deviceId, Set<UUID> seen,
      Set<UUID> checkedAgainst) {
    return advance(conn, checkedAgainst)
        .compose(done -> Receipts.progress(conn, deviceId, seen, checkedAgainst, done));
  }

  /**
   * Moves the given assignments' progress to match the checks now recorded against them; answers
   * those this made done.
   */
  public static Future<Set<UUID>> advance(SqlConnection conn, Collection<UUID> assignmentIds) {
    if (assignmentIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return conn.preparedQuery(PROGRESS).execute(Tuple.of(assignmentIds.toArray(UUID[]::new))).compose(rows -> {
      List<Tuple> changes = new ArrayList<>();
      Set<UUID> done = new LinkedHashSet<>();
      for (Row row : rows) {
        String current = row.getString("status");
        String next = AssignmentProgress.next(current, row.getLong("checked").intValue(), row.getInteger("total"));
        if (!next.equals(current)) {
          changes.add(Tuple.of(row.getUUID("id"), next));
          if (next.equals("done")) {
            done.add(row.getUUID("id"));
          }
        }
      }
      return changes.isEmpty()
          ? Future.succeededFuture(done)
          : conn.preparedQuery(SET_STATUS).executeBatch(changes).map(updated -> done);
    });
  }
}
