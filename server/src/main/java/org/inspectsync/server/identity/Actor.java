package org.inspectsync.server.identity;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Who is calling: the user behind the bearer token and the device it was issued to. Every
 * handler behind {@link AuthHandler} finds one in its context.
 *
 * @param unitId the org unit the user belongs to; for inspectors and dispatchers, their station
 */
public record Actor(UUID userId, String username, Role role, UUID unitId, String deviceId) {

  private static final String KEY = "actor";

  public static Actor of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }
}
