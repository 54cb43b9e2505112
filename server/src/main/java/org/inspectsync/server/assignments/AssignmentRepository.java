package org.inspectsync.server.assignments;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Assignment SQL used inside a sync batch's transaction. */
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

  /** Moves the given assignments' progress to match the checks now recorded against them. */
  public static Future<Void> advance(SqlConnection conn, Collection<UUID> assignmentIds) {
    if (assignmentIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(PROGRESS).execute(Tuple.of(assignmentIds.toArray(UUID[]::new))).compose(rows -> {
      List<Tuple> changes = new ArrayList<>();
      for (Row row : rows) {
        String current = row.getString("status");
        String next = AssignmentProgress.next(current, row.getLong("checked").intValue(), row.getInteger("total"));
        if (!next.equals(current)) {
          changes.add(Tuple.of(row.getUUID("id"), next));
        }
      }
      return changes.isEmpty()
          ? Future.succeededFuture()
          : conn.preparedQuery(SET_STATUS).executeBatch(changes).mapEmpty();
    });
  }
}
