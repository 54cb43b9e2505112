package org.inspectsync.server.sync;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog of mutations waiting for a record that has not arrived: {@code GET /parked?status=}
 * for supervisors, and the time-out that marks what never resolves as expired.
 */
public final class ParkedHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ParkedHandlers.class);
  private static final long EXPIRY_PERIOD_MS = 10 * 60 * 1000L;

  private static final String BACKLOG = """
      SELECT p.id, p.device_id, u.username, p.seq, p.mutation, p.waiting_type, p.waiting_id, p.parked_at, p.status,
             p.resolved_at, p.outcome
      FROM parked_mutations p JOIN users u ON u.id = p.user_id
      WHERE p.station_id IN (SELECT id FROM unit_subtree($1)) AND p.status = $2
      ORDER BY p.parked_at, p.device_id, p.seq
      LIMIT 500
      """;

  private final Pool pool;

  public ParkedHandlers(Pool pool) {
    this.pool = pool;
  }

  public void list(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    String status = ctx.queryParams().get("status") == null ? "parked" : ctx.queryParams().get("status");
    if (!List.of("parked", "applied", "rejected", "expired").contains(status)) {
      throw new ApiError(ErrorCode.PARAMETER_INVALID, "status", "status must be parked, applied, rejected or expired");
    }
    pool.preparedQuery(BACKLOG).execute(Tuple.of(actor.unitId(), status))
        .map(rows -> {
          JsonArray parked = new JsonArray();
          for (Row row : rows) {
            parked.add(new JsonObject()
                .put("id", row.getUUID("id").toString())
                .put("deviceId", row.getString("device_id"))
                .put("username", row.getString("username"))
                .put("seq", row.getLong("seq"))
                .put("mutation", row.getValue("mutation"))
                .put("waitingFor", new JsonObject()
                    .put("type", row.getString("waiting_type"))
                    .put("id", row.getUUID("waiting_id").toString()))
                .put("parkedAt", row.getOffsetDateTime("parked_at").toString())
                .put("status", row.getString("status"))
                .put("resolvedAt", row.getOffsetDateTime("resolved_at") == null
                    ? null : row.getOffsetDateTime("resolved_at").toString())
                .put("outcome", row.getValue("outcome")));
          }
          return new JsonObject().put("parked", parked);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** Marks expired, every ten minutes, what has waited longer than {@code days}. */
  public static void expireEvery(Vertx vertx, Pool pool, int days) {
    vertx.setPeriodic(EXPIRY_PERIOD_MS, timer -> expire(pool, days)
        .onSuccess(count -> {
          if (count > 0) {
            LOG.warn("{} parked mutation(s) waited more than {} days and expired; see GET /parked?status=expired",
                count, days);
          }
        })
        .onFailure(failure -> LOG.error("expiring parked mutations failed", failure)));
  }

  /** Marks expired what has waited longer than {@code days}; answers how many. */
  public static io.vertx.core.Future<Integer> expire(Pool pool, int days) {
    return ParkedMutations.expire(pool, days);
  }
}
