package org.inspectsync.server.tallies;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.http.Dates;
import org.inspectsync.server.http.EventStream;
import org.inspectsync.server.identity.Actor;

/**
 * Supervisors' live tallies: {@code GET /units} (the units one may watch), {@code GET
 * /units/{unitId}/tallies} (a snapshot) and {@code GET /units/{unitId}/tallies/stream} (server-sent
 * events: a {@code snapshot}, then {@code update}s from {@link TallyHub}). A unit outside the
 * caller's subtree is 403, an unknown one 404. The day is the unit's today unless {@code day} is given.
 */
public final class TallyHandlers {

  /** Each stream hears the hub's ready-encoded events on its own event-bus address. */
  private static final String STREAM_ADDRESS = "inspectsync.tallies.stream.";
  private static final String UNITS = """
      SELECT id, name, kind, parent_id FROM org_units WHERE id IN (SELECT id FROM unit_subtree($1))
      ORDER BY kind, name, id
      """;
  private static final String UNIT = """
      SELECT u.id, u.name, u.kind, u.time_zone, u.id IN (SELECT id FROM unit_subtree($2)) AS visible,
             (now() AT TIME ZONE u.time_zone)::date AS today
      FROM org_units u WHERE u.id = $1
      """;

  private final Vertx vertx;
  private final Pool pool;
  private final TallyHub hub;
  private final Duration quietAfter;
  private final Duration streamLifetime;

  public TallyHandlers(Vertx vertx, Pool pool, TallyHub hub, Duration quietAfter, Duration streamLifetime) {
    this.vertx = vertx;
    this.pool = pool;
    this.hub = hub;
    this.quietAfter = quietAfter;
    this.streamLifetime = streamLifetime;
  }

  public void units(RoutingContext ctx) {
    pool.preparedQuery(UNITS).execute(Tuple.of(Actor.of(ctx).unitId())).map(rows -> {
      JsonArray units = new JsonArray();
      for (Row row : rows) {
        units.add(new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))
            .put("kind", row.getString("kind"))
            .put("parentId", row.getUUID("parent_id") == null ? null : row.getUUID("parent_id").toString()));
      }
      return new JsonObject().put("units", units);
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  public void snapshot(RoutingContext ctx) {
    watched(ctx).compose(watched -> TallySnapshot.of(pool, watched.unit(), watched.day(), quietAfter))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /**
   * The stream. Events are written only from the first snapshot on; a stream that cannot keep up
   * is ended, and its reconnect starts from a new snapshot, so a slow reader never holds memory.
   */
  public void stream(RoutingContext ctx) {
    watched(ctx).onSuccess(watched -> {
      TallyHub.Key key = new TallyHub.Key(watched.unit().id(), watched.day());
      EventStream stream = EventStream.open(vertx, ctx.response(), streamLifetime);
      String address = STREAM_ADDRESS + UUID.randomUUID();
      boolean[] started = {false};
      MessageConsumer<String> events = vertx.eventBus().localConsumer(address, message -> {
        String event = message.body();
        if (started[0] || event.startsWith("event: snapshot")) {
          started[0] = true;
          stream.writeOrCutOff(event);
        }
      });
      stream.onEnd(() -> {
        events.unregister();
        hub.leave(key, address);
      });
      stream.write("retry: 5000\n\n");
      events.completion().onSuccess(registered -> hub.join(key, watched.unit(), address));
    }).onFailure(ctx::fail);
  }

  private record Watched(TallySnapshot.Unit unit, LocalDate day) {
  }

  private Future<Watched> watched(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID unitId = Bodies.uuid(ctx.pathParam("unitId"), "unitId");
    String dayParam = ctx.queryParams().get("day");
    LocalDate day = dayParam == null ? null : Dates.parse(dayParam, ErrorCode.PARAMETER_INVALID, "day");
    return pool.preparedQuery(UNIT).execute(Tuple.of(unitId, actor.unitId())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "unitId", "no such unit"));
      }
      Row row = rows.iterator().next();
      if (!row.getBoolean("visible")) {
        return Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "unitId",
            "this unit is outside yours; you may watch only the units you supervise"));
      }
      return Future.succeededFuture(new Watched(new TallySnapshot.Unit(unitId, row.getString("name"),
          row.getString("kind"), row.getString("time_zone")), day == null ? row.getLocalDate("today") : day));
    });
  }
}
