package org.inspectsync.server.identity;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;

/** Requires a valid bearer token and puts its {@link Actor} in the context. */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final String PREFIX = "Bearer ";

  private final TokenService tokens;

  public AuthHandler(TokenService tokens) {
    this.tokens = tokens;
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
    try {
      tokens.verify(header.substring(PREFIX.length()).trim()).attachTo(ctx);
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    ctx.next();
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
