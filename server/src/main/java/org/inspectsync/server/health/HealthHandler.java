package org.inspectsync.server.health;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** {@code GET /health}: 200 when the database answers, 503 when it does not. */
public final class HealthHandler {

  private final Pool pool;

  public HealthHandler(Pool pool) {
    this.pool = pool;
  }

  public void handle(RoutingContext ctx) {
    pool.query("SELECT 1").execute()
        .onSuccess(rows -> ctx.json(new JsonObject().put("status", "up").put("database", "up")))
        .onFailure(failure -> ctx.response()
            .setStatusCode(503)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject()
                .put("status", "down")
                .put("database", "down")
                .put("code", "UNAVAILABLE")
                .put("message", "the database cannot be reached")
                .encode()));
  }
}
