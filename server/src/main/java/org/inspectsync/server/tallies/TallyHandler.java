package org.inspectsync.server.tallies;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.http.Dates;
import org.inspectsync.server.identity.Actor;

/**
 * {@code GET /stations/{stationId}/tallies?date=YYYY-MM-DD}: a station's numbers for one day.
 *
 * <p>A day is the station's calendar day in its own time zone. Checks, findings and notices count
 * on the day the server received them, because phone clocks are not trusted to place anything in
 * time. A notice is overdue on a day when its due date is before that day and it has been neither
 * verified nor superseded by a corrected notice (the same rule as {@code GET /notices/overdue}).
 */
public final class TallyHandler {

  static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

  private static final String TALLIES = """
      WITH station AS (SELECT id, time_zone FROM org_units WHERE id = $1 AND id IN (SELECT id FROM unit_subtree($3))),
      day AS (SELECT $2::date::timestamp AT TIME ZONE time_zone AS starts,
                     ($2::date + 1)::timestamp AT TIME ZONE time_zone AS ends,
                     time_zone
              FROM station)
      SELECT day.time_zone,
        (SELECT count(*) FROM market_checks c
         WHERE c.station_id = $1 AND NOT c.deleted AND c.received_at >= day.starts AND c.received_at < day.ends)
          AS checks_done,
        (SELECT coalesce(sum(cardinality(a.entity_ids)), 0) FROM assignments a
         WHERE a.station_id = $1 AND NOT a.deleted AND a.status <> 'cancelled' AND a.due_on = $2::date)
          AS visits_assigned,
        (SELECT count(DISTINCT (c.assignment_id, c.entity_id)) FROM market_checks c
         JOIN assignments a ON a.id = c.assignment_id
         WHERE a.station_id = $1 AND NOT a.deleted AND a.status <> 'cancelled' AND a.due_on = $2::date
           AND NOT c.deleted AND c.entity_id = ANY (a.entity_ids))
          AS visits_done,
        hazards.low AS hazards_low, hazards.medium AS hazards_medium,
        hazards.high AS hazards_high, hazards.critical AS hazards_critical,
        (SELECT count(*) FROM rectification_notices n
         WHERE n.station_id = $1 AND NOT n.deleted AND n.received_at >= day.starts AND n.received_at < day.ends)
          AS notices_issued,
        (SELECT count(*) FROM rectification_notices n
         WHERE n.station_id = $1 AND NOT n.deleted AND n.superseded_by IS NULL AND n.status <> 'verified'
           AND n.due_on < $2::date
           AND n.received_at < day.ends)
          AS notices_overdue
      FROM day, LATERAL (
        SELECT count(*) FILTER (WHERE f.severity = 'low') AS low,
               count(*) FILTER (WHERE f.severity = 'medium') AS medium,
               count(*) FILTER (WHERE f.severity = 'high') AS high,
               count(*) FILTER (WHERE f.severity = 'critical') AS critical
        FROM hazard_findings f
        WHERE f.station_id = $1 AND NOT f.deleted AND f.received_at >= day.starts AND f.received_at < day.ends
      ) AS hazards
      """;

  private final Pool pool;

  public TallyHandler(Pool pool) {
    this.pool = pool;
  }

  public void handle(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID stationId = Bodies.uuid(ctx.pathParam("stationId"), "stationId");
    String dateParam = ctx.queryParams().get("date");
    if (dateParam == null) {
      throw new ApiError(ErrorCode.PARAMETER_INVALID, "date", "date=YYYY-MM-DD is required");
    }
    LocalDate date = Dates.parse(dateParam, ErrorCode.PARAMETER_INVALID, "date");
    pool.preparedQuery(TALLIES).execute(Tuple.of(stationId, date, actor.unitId()))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "stationId",
                "no such station in your unit; you may see only the stations you supervise"))
            : Future.succeededFuture(render(stationId, date, rows.iterator().next())))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject render(UUID stationId, LocalDate date, Row row) {
    JsonObject hazards = new JsonObject();
    for (String severity : SEVERITIES) {
      hazards.put(severity, row.getLong("hazards_" + severity));
    }
    return new JsonObject()
        .put("stationId", stationId.toString())
        .put("date", date.toString())
        .put("timeZone", row.getString("time_zone"))
        .put("checks", new JsonObject()
            .put("done", row.getLong("checks_done"))
            .put("visitsAssigned", row.getLong("visits_assigned"))
            .put("visitsDone", row.getLong("visits_done")))
        .put("hazardsBySeverity", hazards)
        .put("notices", new JsonObject()
            .put("issued", row.getLong("notices_issued"))
            .put("overdue", row.getLong("notices_overdue")));
  }
}
