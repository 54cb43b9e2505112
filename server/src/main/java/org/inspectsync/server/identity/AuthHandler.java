package org.inspectsync.server.identity;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;

/**
 * Requires a valid bearer token from a device that has not been revoked, and puts its
 * {@link Actor} in the context. The revocation is read on every request, so a lost phone is cut
 * off at once on every server.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final String PREFIX = "Bearer ";
  private static final String DEVICE = """
      SELECT d.revoked_at IS NOT NULL AS revoked, u.role, u.unit_id, coalesce(d.station_id, u.unit_id) AS station_id
      FROM devices d JOIN users u ON u.id = d.user_id
      WHERE d.id = $1 AND u.id = $2
      """;
  private static final String HOME = "homeUnit";

  private final TokenService tokens;
  private final Pool pool;

  public AuthHandler(TokenService tokens, Pool pool) {
    this.tokens = tokens;
    this.pool = pool;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.isBlank()) {
      ctx.fail(new ApiError(ErrorCode.TOKEN_MISSING, "an Authorization: Bearer token is required"));
      return;
    }
    if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      ctx.fail(new ApiError(ErrorCode.TOKEN_INVALID, "the Authorization header must be 'Bearer <token>'"));
      return;
    }
    Actor actor;
    try {
      actor = tokens.verify(header.substring(PREFIX.length()).trim());
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    pool.preparedQuery(DEVICE).execute(Tuple.of(actor.deviceId(), actor.userId())).onComplete(rows -> {
      if (rows.failed()) {
        ctx.fail(rows.cause());
        return;
      }
      if (rows.result().size() == 0) {
        // Not registered (yet): the push registers it, in the name of the token's user.
        actor.attachTo(ctx);
        ctx.put(HOME, actor.unitId());
        ctx.next();
        return;
      }
      Row device = rows.result().iterator().next();
      if (device.getBoolean("revoked")) {
        ctx.fail(new ApiError(ErrorCode.DEVICE_REVOKED, "this device was revoked; it can do nothing more"));
        return;
      }
      // Role and unit as they are now, not as the token says: a move or a new role counts at once.
      // The device keeps working in the station whose records it holds until its next pull.
      new Actor(actor.userId(), actor.username(), Role.fromName(device.getString("role")),
          device.getUUID("station_id"), actor.deviceId()).attachTo(ctx);
      ctx.put(HOME, device.getUUID("unit_id"));
      ctx.next();
    });
  }

  /** The unit the caller belongs to now; differs from the actor's while a moved phone has not pulled. */
  public static UUID homeUnit(RoutingContext ctx) {
    return ctx.get(HOME);
  }

  /** A handler that lets only the given roles through. */
  public static Handler<RoutingContext> allow(Role... roles) {
    return ctx -> {
      Role role = Actor.of(ctx).role();
      for (Role allowed : roles) {
        if (allowed == role) {
          ctx.next();
          return;
        }
      }
      ctx.fail(new ApiError(ErrorCode.FORBIDDEN, "the role " + role + " may not do this"));
    };
  }
}
