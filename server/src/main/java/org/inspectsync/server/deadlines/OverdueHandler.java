package org.inspectsync.server.deadlines;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.identity.Actor;

/**
 * {@code GET /notices/overdue?unitId=}: the rectification notices overdue today in a unit and every
 * station below it, oldest due date first, each with its re-inspection if one exists.
 *
 * <p>"Overdue today" is exactly {@code noticesOverdue} of
 * {@link org.inspectsync.server.tallies.TallySnapshot} for the station's today in its own time zone
 * — not deleted, not superseded (the newer version is the one to follow up), not verified, due
 * before today — so the length of this list for one station equals that tally; keep the two in step.
 */
public final class OverdueHandler {

  private static final String UNIT = """
      SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1) AS known,
             EXISTS (SELECT 1 FROM unit_subtree($2) s WHERE s.id = $1) AS visible
      """;
  private static final String OVERDUE = """
      SELECT n.id, n.notice_number, n.station_id, n.entity_id, e.name AS entity_name, n.issued_on, n.deadline_days,
             n.due_on, today.day - n.due_on AS days_overdue, n.status,
             a.id AS assignment_id, a.status AS assignment_status, a.inspector_ids
      FROM rectification_notices n
      JOIN org_units o ON o.id = n.station_id
      CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE o.time_zone)::date AS day) AS today
      JOIN business_entities e ON e.id = n.entity_id
      LEFT JOIN assignments a ON a.notice_id = n.id AND NOT a.deleted
      WHERE n.station_id IN (SELECT id FROM unit_subtree($1))
        AND NOT n.deleted AND n.status <> 'verified' AND n.due_on < today.day
        AND n.received_at < (today.day + 1)::timestamp AT TIME ZONE o.time_zone
        AND n.superseded_by IS NULL
      ORDER BY n.due_on, n.notice_number NULLS LAST, n.id
      """;

  private final Pool pool;

  public OverdueHandler(Pool pool) {
    this.pool = pool;
  }

  public void handle(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    String unitParam = ctx.queryParams().get("unitId");
    UUID unitId = unitParam == null ? actor.unitId() : Bodies.uuid(unitParam, "unitId");
    pool.preparedQuery(UNIT).execute(Tuple.of(unitId, actor.unitId()))
        .compose(rows -> {
          Row unit = rows.iterator().next();
          if (!unit.getBoolean("known")) {
            return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "unitId", "no such unit"));
          }
          if (!unit.getBoolean("visible")) {
            return Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "unitId",
                "this unit is outside yours; you may see only the units you supervise"));
          }
          return pool.preparedQuery(OVERDUE).execute(Tuple.of(unitId));
        })
        .map(rows -> {
          JsonArray notices = new JsonArray();
          for (Row row : rows) {
            notices.add(render(row));
          }
          return new JsonObject().put("unitId", unitId.toString()).put("notices", notices);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject render(Row row) {
    JsonObject reinspection = null;
    if (row.getUUID("assignment_id") != null) {
      JsonArray inspectors = new JsonArray();
      for (UUID inspector : row.getArrayOfUUIDs("inspector_ids")) {
        inspectors.add(inspector.toString());
      }
      reinspection = new JsonObject()
          .put("assignmentId", row.getUUID("assignment_id").toString())
          .put("status", row.getString("assignment_status"))
          .put("inspectorIds", inspectors);
    }
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("noticeNumber", row.getString("notice_number"))
        .put("stationId", row.getUUID("station_id").toString())
        .put("entityId", row.getUUID("entity_id").toString())
        .put("entityName", row.getString("entity_name"))
        .put("issuedOn", row.getLocalDate("issued_on").toString())
        .put("deadlineDays", row.getInteger("deadline_days"))
        .put("dueOn", row.getLocalDate("due_on").toString())
        .put("daysOverdue", row.getInteger("days_overdue"))
        .put("status", row.getString("status"))
        .put("reinspection", reinspection);
  }
}
