package org.inspectsync.server.http;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure as one JSON error body with a stable code. Client mistakes map to 4xx;
 * only the server's own faults are 5xx, and those are logged with their cause.
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  private static final String RETRY_AFTER_SECONDS = "10";

  @Override
  public void handle(RoutingContext ctx) {
    ApiError error = toApiError(ctx.failure(), ctx.statusCode());
    if (error.httpStatus() >= 500) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    } else if (error.httpStatus() == 403) {
      // Attempts outside one's scope are kept in the log for the security officer.
      Actor actor = Actor.of(ctx);
      LOG.warn("refused {} {} for {} on device {}: {} {}", ctx.request().method(), ctx.request().path(),
          actor == null ? "-" : actor.username(), actor == null ? "-" : actor.deviceId(), error.code(),
          error.getMessage());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    JsonObject body = new JsonObject().put("code", error.code().name()).put("message", error.getMessage());
    if (error.field() != null) {
      body.put("field", error.field());
    }
    body.mergeIn(error.details());
    if (error.code() == ErrorCode.UNAVAILABLE) {
      // Phones back off rather than hammer a server that is already struggling.
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    ctx.response()
        .setStatusCode(error.httpStatus())
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  static ApiError toApiError(Throwable failure, int statusCode) {
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof DecodeException) {
      return new ApiError(ErrorCode.MALFORMED_JSON, "the body is not valid JSON");
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode());
    }
    if (isUnreachable(failure)) {
      return new ApiError(ErrorCode.UNAVAILABLE, "the database could not be reached; retry later");
    }
    if (failure == null) {
      return fromStatus(statusCode);
    }
    return new ApiError(ErrorCode.INTERNAL, "internal error; nothing was half-applied, retry later");
  }

  /** The database is down or every connection is busy: the client should back off and retry. */
  private static boolean isUnreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException || cause instanceof java.util.concurrent.TimeoutException
          || cause instanceof io.vertx.sqlclient.ClosedConnectionException) {
        return true;
      }
    }
    return false;
  }

  private static ApiError fromStatus(int status) {
    return switch (status) {
      case 400 -> new ApiError(ErrorCode.MALFORMED_JSON, "the request could not be read");
      case 401 -> new ApiError(ErrorCode.TOKEN_MISSING, "a bearer token is required");
      case 404 -> new ApiError(ErrorCode.NOT_FOUND, "no such resource");
      case 405 -> new ApiError(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this path");
      case 413 -> new ApiError(ErrorCode.BODY_TOO_LARGE, "the request body is too large");
      case 415 -> new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json");
      default -> status >= 400 && status < 500
          ? new ApiError(ErrorCode.PARAMETER_INVALID, "the request could not be handled")
          : new ApiError(ErrorCode.INTERNAL, "internal error; nothing was half-applied, retry later");
    };
  }
}
