package org.inspectsync.server.deadlines;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.inspectsync.server.db.SqlState;

/**
 * Creates the re-inspection (复查) of every rectification notice whose deadline has passed without
 * verification, so that no overdue notice waits for someone to remember it.
 *
 * <p>A notice is swept when it is live (not deleted, not superseded by a newer version), not
 * verified, its due date is before today in its station's time zone, and it has no re-inspection
 * yet. Its re-inspection is due today (station time), covers the notice's entity, and goes to the
 * officer who issued the notice if they are still an inspector of that station; otherwise its
 * inspector list is empty, for the dispatcher to assign.
 *
 * <p>The sweep is one statement in one transaction and may run on every server instance at once:
 * {@code assignments.notice_id} is unique and conflicts are skipped, so each notice gets exactly one
 * re-inspection, and only the instance that created it writes its audit row and reports it.
 * Notices are taken in id order so that two concurrent sweeps wait on each other instead of
 * deadlocking. Scheduling the sweep and pushing hints to phones are the caller's business.
 */
public final class DeadlineSweeper {

  private static final int ATTEMPTS = 3;

  private static final String SWEEP = """
      WITH overdue AS (
        SELECT n.id AS notice_id, n.station_id, n.entity_id, n.notice_number, n.due_on,
               (now() AT TIME ZONE o.time_zone)::date AS today,
               CASE WHEN EXISTS (SELECT 1 FROM users u
                                 WHERE u.id = n.created_by AND u.role = 'inspector' AND u.unit_id = n.station_id)
                    THEN ARRAY[n.created_by] ELSE '{}'::uuid[] END AS inspectors
        FROM rectification_notices n
        JOIN org_units o ON o.id = n.station_id
        WHERE NOT n.deleted AND n.superseded_by IS NULL AND n.status <> 'verified'
          AND n.due_on < (now() AT TIME ZONE o.time_zone)::date
          AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.notice_id = n.id)
      ),
      created AS (
        INSERT INTO assignments (id, station_id, inspector_ids, ever_assigned, entity_ids, kind, due_on, note, notice_id)
        SELECT gen_random_uuid(), station_id, inspectors, inspectors, ARRAY[entity_id], 'reinspection', today,
               '复查 re-inspection: rectification notice ' || coalesce(notice_number, 'without number, id ' || notice_id)
                 || ' was due on ' || to_char(due_on, 'YYYY-MM-DD') || ' and has not been verified',
               notice_id
        FROM overdue
        ORDER BY notice_id
        ON CONFLICT (notice_id) DO NOTHING
        RETURNING id, station_id, notice_id, inspector_ids
      ),
      audited AS (
        INSERT INTO audit_log (user_id, unit_id, action, subject_id, detail)
        SELECT NULL, c.station_id, 'reinspection.create', c.id,
               jsonb_build_object('noticeId', c.notice_id, 'noticeNumber', o.notice_number, 'dueOn', o.due_on,
                                  'inspectorIds', to_jsonb(c.inspector_ids))
        FROM created c JOIN overdue o ON o.notice_id = c.notice_id
      )
      SELECT id FROM created ORDER BY notice_id
      """;

  private final Pool pool;

  public DeadlineSweeper(Pool pool) {
    this.pool = pool;
  }

  /** Creates the re-inspections that are due and answers their assignment ids (none: an empty list). */
  public Future<List<UUID>> sweep() {
    return attempt(1);
  }

  /** A deadlock with a concurrent writer ends in a clean rollback; the sweep is simply run again. */
  private Future<List<UUID>> attempt(int attempt) {
    return pool.withTransaction(conn -> conn.query(SWEEP).execute())
        .map(rows -> {
          List<UUID> created = new ArrayList<>();
          for (Row row : rows) {
            created.add(row.getUUID("id"));
          }
          return created;
        })
        .recover(failure -> attempt < ATTEMPTS && failure instanceof PgException pg
            && SqlState.isTransient(pg.getSqlState())
            ? attempt(attempt + 1)
            : Future.failedFuture(failure));
  }
}
