package org.inspectsync.server.health;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * {@code GET /health}: 200 when the database answers, 503 when it does not. It also says which
 * push channel is on ({@code "fcm"} or {@code "off"}).
 */
public final class HealthHandler {

  private final Pool pool;
  private final String push;

  public HealthHandler(Pool pool, String push) {
    this.pool = pool;
    this.push = push;
  }

  public void handle(RoutingContext ctx) {
    pool.query("SELECT 1").execute()
        .onSuccess(rows -> ctx.json(new JsonObject().put("status", "up").put("database", "up")
            .put("push", push)))
        .onFailure(failure -> ctx.response()
            .setStatusCode(503)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject()
                .put("status", "down")
                .put("database", "down")
                .put("push", push)
                .put("code", "UNAVAILABLE")
                .put("message", "the database cannot be reached")
                .encode()));
  }
}
