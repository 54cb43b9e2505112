package org.inspectsync.server.identity;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;

/**
 * Requires a valid bearer token from a device that has not been revoked, and puts its
 * {@link Actor} in the context. The revocation is read on every request, so a lost phone is cut
 * off at once on every server.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final String PREFIX = "Bearer ";
  private static final String REVOKED = "SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE id = $1";

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
    pool.preparedQuery(REVOKED).execute(Tuple.of(actor.deviceId())).onComplete(rows -> {
      if (rows.failed()) {
        ctx.fail(rows.cause());
      } else if (rows.result().size() > 0 && rows.result().iterator().next().getBoolean("revoked")) {
        ctx.fail(new ApiError(ErrorCode.DEVICE_REVOKED, "this device was revoked; it can do nothing more"));
      } else {
        actor.attachTo(ctx);
        ctx.next();
      }
    });
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
