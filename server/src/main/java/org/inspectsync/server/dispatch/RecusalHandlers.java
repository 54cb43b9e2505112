package org.inspectsync.server.dispatch;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.audit.AuditLog;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.identity.Actor;

/**
 * Declared conflicts of interest ({@code POST /recusals}, {@code GET /recusals}): an inspector
 * related to a business, or in a dispute with it, is never drawn for it. Declaring the same pair
 * again answers the declaration already on record.
 */
public final class RecusalHandlers {

  private static final Set<String> FIELDS = Set.of("inspectorId", "entityId", "reason");
  private static final String INSPECTOR = "SELECT role, unit_id FROM users WHERE id = $1";
  private static final String ENTITY = "SELECT station_id FROM business_entities WHERE id = $1 AND NOT deleted";
  private static final String INSERT = """
      INSERT INTO recusals (id, station_id, inspector_id, entity_id, reason, declared_by)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (inspector_id, entity_id) DO NOTHING
      RETURNING id
      """;
  private static final String COLUMNS = """
      SELECT r.id, r.station_id, r.inspector_id, u.display_name, r.entity_id, e.name AS entity_name, r.reason,
             r.declared_by, r.declared_at
      FROM recusals r JOIN users u ON u.id = r.inspector_id JOIN business_entities e ON e.id = r.entity_id
      """;
  private static final String ONE = COLUMNS + " WHERE r.inspector_id = $1 AND r.entity_id = $2";
  private static final String LIST = COLUMNS + """
       WHERE r.station_id IN (SELECT id FROM unit_subtree($1)) ORDER BY u.display_name, e.name, r.id
      """;

  private final Pool pool;

  public RecusalHandlers(Pool pool) {
    this.pool = pool;
  }

  public void declare(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    JsonObject body = Bodies.object(ctx);
    Bodies.onlyKnown(body, FIELDS, "");
    UUID inspectorId = Bodies.uuid(Bodies.requiredString(body, "inspectorId", "inspectorId"), "inspectorId");
    UUID entityId = Bodies.uuid(Bodies.requiredString(body, "entityId", "entityId"), "entityId");
    String reason = Bodies.requiredString(body, "reason", "reason");
    pool.withTransaction(conn -> conn.preparedQuery(INSPECTOR).execute(Tuple.of(inspectorId)).compose(users -> {
      Row user = users.iterator().hasNext() ? users.iterator().next() : null;
      if (user == null || !"inspector".equals(user.getString("role"))) {
        return Future.failedFuture(new ApiError(ErrorCode.REFERENCE_NOT_FOUND, "inspectorId", "no inspector " + inspectorId));
      }
      if (!actor.unitId().equals(user.getUUID("unit_id"))) {
        return Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "inspectorId",
            "this inspector works in another station"));
      }
      return conn.preparedQuery(ENTITY).execute(Tuple.of(entityId));
    }).compose(entities -> {
      if (entities.size() == 0 || !actor.unitId().equals(entities.iterator().next().getUUID("station_id"))) {
        return Future.failedFuture(new ApiError(ErrorCode.REFERENCE_NOT_FOUND, "entityId",
            "no entity " + entityId + " in your station"));
      }
      UUID id = UUID.randomUUID();
      return conn.preparedQuery(INSERT).execute(Tuple.of(id, actor.unitId(), inspectorId, entityId, reason,
          actor.userId())).compose(inserted -> inserted.size() == 0
              ? Future.succeededFuture(false)
              : AuditLog.record(conn, actor, actor.unitId(), "recusal.declare", id,
                  new JsonObject().put("inspectorId", inspectorId.toString()).put("entityId", entityId.toString())
                      .put("reason", reason)).map(true));
    }).compose(created -> conn.preparedQuery(ONE).execute(Tuple.of(inspectorId, entityId))
        .map(rows -> new Declared(created, render(rows.iterator().next())))))
        .onSuccess(declared -> ctx.response().setStatusCode(declared.created() ? 201 : 200)
            .putHeader("Content-Type", "application/json").end(declared.recusal().encode()))
        .onFailure(ctx::fail);
  }

  private record Declared(boolean created, JsonObject recusal) {
  }

  public void list(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    pool.preparedQuery(LIST).execute(Tuple.of(actor.unitId())).map(rows -> {
      JsonArray recusals = new JsonArray();
      rows.forEach(row -> recusals.add(render(row)));
      return new JsonObject().put("recusals", recusals);
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static JsonObject render(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("stationId", row.getUUID("station_id").toString())
        .put("inspectorId", row.getUUID("inspector_id").toString())
        .put("inspector", row.getString("display_name"))
        .put("entityId", row.getUUID("entity_id").toString())
        .put("entityName", row.getString("entity_name"))
        .put("reason", row.getString("reason"))
        .put("declaredBy", row.getUUID("declared_by").toString())
        .put("declaredAt", row.getOffsetDateTime("declared_at").toString());
  }
}
