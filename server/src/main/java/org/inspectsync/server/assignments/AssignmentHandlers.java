package org.inspectsync.server.assignments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.http.Dates;
import org.inspectsync.server.identity.Actor;

/**
 * The dispatcher's side of assignments: {@code POST /assignments} creates one for an inspector of
 * the dispatcher's station, {@code GET /assignments?dueOn=} lists a day's with their progress.
 * Phones receive them by pull; checks synced against them move their progress.
 */
public final class AssignmentHandlers {

  static final List<String> KINDS = List.of("routine", "campaign", "complaint", "reinspection");
  static final int MAX_ENTITIES = 200;

  private static final String INSPECTOR = "SELECT role, unit_id FROM users WHERE id = $1";
  private static final String EXISTS = "SELECT 1 FROM assignments WHERE id = $1 AND NOT deleted";
  private static final String LIVE_ENTITIES = """
      SELECT count(*) AS found FROM business_entities
      WHERE id = ANY ($1) AND station_id = $2 AND NOT deleted
      """;
  private static final String INSERT = """
      INSERT INTO assignments (id, station_id, inspector_id, entity_ids, kind, due_on, note, created_by, updated_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
      ON CONFLICT (id) DO NOTHING
      RETURNING id, status, version
      """;
  private static final String EXISTING = """
      SELECT station_id, inspector_id, entity_ids, kind, due_on, note, status, version FROM assignments WHERE id = $1
      """;
  private static final String COLUMNS = """
      a.id, a.inspector_id, a.entity_ids, a.kind, a.due_on, a.note, a.status, a.version, a.cancelled_at,
      (SELECT count(DISTINCT c.entity_id) FROM market_checks c
       WHERE c.assignment_id = a.id AND NOT c.deleted AND c.entity_id = ANY (a.entity_ids)) AS checked,
      (SELECT count(*) FROM market_checks c
       WHERE c.assignment_id = a.id AND NOT c.deleted AND c.received_at > a.cancelled_at) AS checks_after_cancel
      """;
  private static final String LIST = "SELECT " + COLUMNS + """
      FROM assignments a
      WHERE a.station_id IN (SELECT id FROM unit_subtree($1)) AND a.due_on = $2 AND NOT a.deleted
      ORDER BY a.created_at, a.id
      """;
  private static final String CANCEL = """
      UPDATE assignments SET status = 'cancelled', cancelled_at = now(), updated_by = $3
      WHERE id = $1 AND station_id = $2 AND NOT deleted AND status <> 'cancelled'
      """;
  private static final String ONE = "SELECT " + COLUMNS + """
      FROM assignments a
      WHERE a.id = $1 AND a.station_id = $2 AND NOT a.deleted
      """;

  private final Pool pool;

  public AssignmentHandlers(Pool pool) {
    this.pool = pool;
  }

  public void create(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    JsonObject body = Bodies.object(ctx);
    UUID id = body.getValue("id") == null ? UUID.randomUUID() : Bodies.uuid(Bodies.requiredString(body, "id", "id"), "id");
    UUID inspectorId = Bodies.uuid(Bodies.requiredString(body, "inspectorId", "inspectorId"), "inspectorId");
    UUID[] entityIds = entityIds(body);
    LocalDate dueOn = Dates.parse(Bodies.requiredString(body, "dueOn", "dueOn"), ErrorCode.FIELD_INVALID, "dueOn");
    String kind = Bodies.requiredString(body, "kind", "kind");
    if (!KINDS.contains(kind)) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "kind", "kind must be one of " + String.join(", ", KINDS));
    }
    String note = Bodies.optionalString(body, "note", "note");
    pool.withTransaction(conn -> conn.preparedQuery(INSPECTOR).execute(Tuple.of(inspectorId))
        .compose(rows -> {
          Row inspector = rows.iterator().hasNext() ? rows.iterator().next() : null;
          if (inspector == null || !"inspector".equals(inspector.getString("role"))) {
            return Future.failedFuture(new ApiError(ErrorCode.REFERENCE_NOT_FOUND, "inspectorId",
                "no inspector " + inspectorId));
          }
          if (!actor.unitId().equals(inspector.getUUID("unit_id"))) {
            return Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "inspectorId",
                "this inspector works in another station; assign only within yours"));
          }
          return conn.preparedQuery(LIVE_ENTITIES).execute(Tuple.of(entityIds, actor.unitId()));
        })
        .compose(rows -> {
          if (rows.iterator().next().getLong("found") != entityIds.length) {
            return Future.failedFuture(new ApiError(ErrorCode.REFERENCE_NOT_FOUND, "entityIds",
                "every entity must exist in your station"));
          }
          return conn.preparedQuery(INSERT).execute(Tuple.of(id, actor.unitId(), inspectorId, entityIds, kind, dueOn,
              note, actor.userId()));
        })
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(new Created(rows.iterator().next(), 201))
            : sameAsExisting(conn, id, actor.unitId(), inspectorId, entityIds, kind, dueOn, note)))
        .onSuccess(created -> ctx.response().setStatusCode(created.status())
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject()
                .put("id", id.toString())
                .put("inspectorId", inspectorId.toString())
                .put("entityIds", new JsonArray(List.of((Object[]) toStrings(entityIds))))
                .put("kind", kind)
                .put("dueOn", dueOn.toString())
                .put("note", note)
                .put("status", created.row().getString("status"))
                .put("version", created.row().getInteger("version"))
                .encode()))
        .onFailure(ctx::fail);
  }

  private record Created(Row row, int status) {
  }

  /**
   * A create whose id exists already: a resend after a lost reply carries the same content and is
   * answered 200 with the assignment as it stands; different content is a real clash.
   */
  private static Future<Created> sameAsExisting(SqlConnection conn, UUID id, UUID stationId, UUID inspectorId,
      UUID[] entityIds, String kind, LocalDate dueOn, String note) {
    return conn.preparedQuery(EXISTING).execute(Tuple.of(id)).compose(rows -> {
      Row row = rows.iterator().next();
      boolean same = stationId.equals(row.getUUID("station_id"))
          && inspectorId.equals(row.getUUID("inspector_id"))
          && Arrays.equals(entityIds, row.getArrayOfUUIDs("entity_ids"))
          && kind.equals(row.getString("kind"))
          && dueOn.equals(row.getLocalDate("due_on"))
          && Objects.equals(note, row.getString("note"));
      return same
          ? Future.succeededFuture(new Created(row, 200))
          : Future.failedFuture(new ApiError(ErrorCode.RECORD_EXISTS, "id", "another assignment has this id"));
    });
  }

  public void list(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    String dueOnParam = ctx.queryParams().get("dueOn");
    if (dueOnParam == null) {
      throw new ApiError(ErrorCode.PARAMETER_INVALID, "dueOn", "dueOn=YYYY-MM-DD is required");
    }
    LocalDate dueOn = Dates.parse(dueOnParam, ErrorCode.PARAMETER_INVALID, "dueOn");
    pool.preparedQuery(LIST).execute(Tuple.of(actor.unitId(), dueOn))
        .map(rows -> {
          JsonArray assignments = new JsonArray();
          for (Row row : rows) {
            assignments.add(render(row));
          }
          return new JsonObject().put("assignments", assignments);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /assignments/{assignmentId}/cancel}. Checks an inspector made before hearing of it
   * are kept; the assignment stays cancelled and counts them in {@code checksAfterCancel}, so the
   * dispatcher sees what happened. Cancelling twice answers the same.
   */
  public void cancel(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID id = Bodies.uuid(ctx.pathParam("assignmentId"), "assignmentId");
    pool.withTransaction(conn -> conn.preparedQuery(CANCEL).execute(Tuple.of(id, actor.unitId(), actor.userId()))
        .compose(done -> conn.preparedQuery(ONE).execute(Tuple.of(id, actor.unitId()))))
        .compose(rows -> rows.size() == 0
            ? pool.preparedQuery(EXISTS).execute(Tuple.of(id)).compose(found -> Future.failedFuture(found.size() > 0
                ? new ApiError(ErrorCode.FORBIDDEN, "assignmentId", "this assignment belongs to another station")
                : new ApiError(ErrorCode.NOT_FOUND, "assignmentId", "no such assignment")))
            : Future.succeededFuture(render(rows.iterator().next())))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject render(Row row) {
    UUID[] entities = row.getArrayOfUUIDs("entity_ids");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("inspectorId", row.getUUID("inspector_id").toString())
        .put("entityIds", new JsonArray(List.of((Object[]) toStrings(entities))))
        .put("kind", row.getString("kind"))
        .put("dueOn", row.getLocalDate("due_on").toString())
        .put("note", row.getString("note"))
        .put("status", row.getString("status"))
        .put("version", row.getInteger("version"))
        .put("entitiesChecked", row.getLong("checked"))
        .put("cancelledAt", row.getOffsetDateTime("cancelled_at") == null
            ? null : row.getOffsetDateTime("cancelled_at").toString())
        .put("checksAfterCancel", row.getLong("checks_after_cancel"));
  }

  private static UUID[] entityIds(JsonObject body) {
    JsonArray raw = Bodies.requiredArray(body, "entityIds", "entityIds");
    if (raw.isEmpty() || raw.size() > MAX_ENTITIES) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "entityIds", "entityIds must hold 1 to " + MAX_ENTITIES + " ids");
    }
    Set<UUID> ids = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String path = "entityIds[" + i + "]";
      if (!(raw.getValue(i) instanceof String text)) {
        throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, path, path + " must be a UUID string");
      }
      if (!ids.add(Bodies.uuid(text, path))) {
        throw new ApiError(ErrorCode.FIELD_INVALID, path, path + " repeats an entity");
      }
    }
    return ids.toArray(UUID[]::new);
  }

  private static String[] toStrings(UUID[] ids) {
    String[] strings = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      strings[i] = ids[i].toString();
    }
    return strings;
  }
}
