package org.inspectsync.server.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;

/**
 * The devices of a unit's users: {@code GET /devices} lists them, {@code POST /devices/{id}/revoke}
 * cuts one off. A revoked device is refused from its very next request (see {@link AuthHandler});
 * a batch it had in flight either committed before the revocation or is refused whole.
 */
public final class DeviceHandlers {

  private static final String COLUMNS = """
      d.id, u.username, d.model, d.app_version, d.push_token IS NOT NULL AS has_push_token, d.last_seq,
      d.first_seen_at, d.last_seen_at, d.revoked_at
      """;
  private static final String LIST = "SELECT " + COLUMNS + """
      FROM devices d JOIN users u ON u.id = d.user_id
      WHERE u.unit_id IN (SELECT id FROM unit_subtree($1))
      ORDER BY u.username, d.first_seen_at
      """;
  private static final String REVOKE = """
      UPDATE devices d SET revoked_at = coalesce(d.revoked_at, now()), revoked_by = coalesce(d.revoked_by, $3)
      FROM users u
      WHERE d.id = $1 AND u.id = d.user_id AND u.unit_id IN (SELECT id FROM unit_subtree($2))
      """;
  private static final String ONE = "SELECT " + COLUMNS + """
      FROM devices d JOIN users u ON u.id = d.user_id
      WHERE d.id = $1 AND u.unit_id IN (SELECT id FROM unit_subtree($2))
      """;

  private static final String EXISTS = "SELECT 1 FROM devices WHERE id = $1";
  private static final String PUSH_TOKEN = "UPDATE devices SET push_token = $2 WHERE id = $1";

  private final Pool pool;

  public DeviceHandlers(Pool pool) {
    this.pool = pool;
  }

  public void list(RoutingContext ctx) {
    pool.preparedQuery(LIST).execute(Tuple.of(Actor.of(ctx).unitId()))
        .map(rows -> {
          JsonArray devices = new JsonArray();
          rows.forEach(row -> devices.add(render(row)));
          return new JsonObject().put("devices", devices);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /**
   * {@code PUT /devices/current/push-token}: the calling phone's new FCM registration token (FCM
   * rotates them), or null to stop pushes to it. Answers 204.
   */
  public void pushToken(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    JsonObject body = Bodies.object(ctx);
    Bodies.onlyKnown(body, Set.of("pushToken"), "");
    if (!body.containsKey("pushToken")) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, "pushToken", "pushToken is required; send null to stop pushes");
    }
    String token = Bodies.optionalString(body, "pushToken", "pushToken");
    pool.preparedQuery(PUSH_TOKEN).execute(Tuple.of(actor.deviceId(), token))
        .onSuccess(updated -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** Revoking twice answers the same, with the first revocation's time. */
  public void revoke(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    String deviceId = ctx.pathParam("deviceId");
    pool.withTransaction(conn -> conn.preparedQuery(REVOKE).execute(Tuple.of(deviceId, actor.unitId(), actor.userId()))
        .compose(done -> conn.preparedQuery(ONE).execute(Tuple.of(deviceId, actor.unitId()))))
        .compose(rows -> rows.size() == 0
            ? pool.preparedQuery(EXISTS).execute(Tuple.of(deviceId)).compose(found -> Future.failedFuture(found.size() > 0
                ? new ApiError(ErrorCode.FORBIDDEN, "deviceId", "this device belongs to a unit outside yours")
                : new ApiError(ErrorCode.NOT_FOUND, "deviceId", "no such device")))
            : Future.succeededFuture(render(rows.iterator().next())))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject render(Row row) {
    return new JsonObject()
        .put("deviceId", row.getString("id"))
        .put("username", row.getString("username"))
        .put("model", row.getString("model"))
        .put("appVersion", row.getString("app_version"))
        .put("hasPushToken", row.getBoolean("has_push_token"))
        .put("lastSeq", row.getLong("last_seq"))
        .put("firstSeenAt", row.getOffsetDateTime("first_seen_at").toString())
        .put("lastSeenAt", row.getOffsetDateTime("last_seen_at").toString())
        .put("revokedAt", row.getOffsetDateTime("revoked_at") == null ? null : row.getOffsetDateTime("revoked_at").toString());
  }
}
