package org.inspectsync.server.sync;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.AuthHandler;

/** HTTP side of sync: {@code POST /sync/push} and {@code GET /sync/pull}. */
public final class SyncHandlers {

  public static final int DEFAULT_PAGE = 500;
  public static final int MAX_PAGE = 1000;
  /** A year: an outbox older than that is reported as a year old. */
  static final int MAX_OUTBOX_AGE = 365 * 24 * 3600;

  private final PushService pushService;
  private final PullService pullService;
  private final int maxBatch;

  public SyncHandlers(PushService pushService, PullService pullService, int maxBatch) {
    this.pushService = pushService;
    this.pullService = pullService;
    this.maxBatch = maxBatch;
  }

  public void push(RoutingContext ctx) {
    List<DecodedMutation> batch = MutationDecoder.decode(Bodies.object(ctx), maxBatch);
    pushService.push(Actor.of(ctx), batch, outboxAge(ctx))
        .onSuccess(response -> ctx.json(response))
        .onFailure(ctx::fail);
  }

  public void pull(RoutingContext ctx) {
    StationCursor cursor = StationCursor.decode(ctx.queryParams().get("cursor"));
    int limit = limit(ctx.queryParams().get("limit"));
    pullService.pull(Actor.of(ctx), AuthHandler.homeUnit(ctx), cursor, limit, outboxAge(ctx))
        .onSuccess((JsonObject page) -> ctx.json(page))
        .onFailure(ctx::fail);
  }

  /**
   * {@code X-Outbox-Age}: seconds the oldest item of the phone's outbox has waited; null when the
   * phone does not say. Kept for the supervisors' sync health.
   */
  static Integer outboxAge(RoutingContext ctx) {
    String text = ctx.request().getHeader(SyncClient.OUTBOX_AGE);
    if (text == null) {
      return null;
    }
    if (!text.matches("[0-9]{1,18}")) {
      throw new ApiError(ErrorCode.PARAMETER_INVALID, SyncClient.OUTBOX_AGE, SyncClient.OUTBOX_AGE
          + " must be a whole number of seconds, 0 or more");
    }
    return (int) Math.min(Long.parseLong(text), MAX_OUTBOX_AGE);
  }

  private static int limit(String text) {
    if (text == null || text.isEmpty()) {
      return DEFAULT_PAGE;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_PAGE) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiError(ErrorCode.PARAMETER_INVALID, "limit", "limit must be a whole number from 1 to " + MAX_PAGE);
  }
}
