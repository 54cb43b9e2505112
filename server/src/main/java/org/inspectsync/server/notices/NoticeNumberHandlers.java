package org.inspectsync.server.notices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.identity.Actor;

/**
 * Official notice numbers for offline issuing. {@code POST /notice-numbers/blocks} leases the next
 * block of a year's numbers to the calling device; {@code GET /notice-numbers/blocks?year=} accounts
 * for every block of the station: which numbers went on notices and how many are still unused.
 */
public final class NoticeNumberHandlers {

  static final int DEFAULT_BLOCK = 20;
  static final int MAX_BLOCK = 100;
  private static final ZoneId STATION_ZONE = ZoneId.of("Asia/Shanghai");

  private static final String LEASE = """
      WITH counter AS (
        INSERT INTO notice_number_counters (station_id, year, next) VALUES ($1, $2, 1 + $3)
        ON CONFLICT (station_id, year) DO UPDATE SET next = notice_number_counters.next + $3
        RETURNING next - $3 AS first
      )
      INSERT INTO notice_number_blocks (id, station_id, year, first, last, device_id, leased_by)
      SELECT $4, $1, $2, first, first + $3 - 1, $5, $6 FROM counter
      RETURNING id, year, first, last, device_id, leased_at
      """;
  private static final String BLOCKS = """
      SELECT b.id, b.year, b.first, b.last, b.device_id, u.username, b.leased_at,
             (SELECT coalesce(array_agg(n.notice_number ORDER BY n.notice_number), '{}')
              FROM rectification_notices n
              WHERE n.station_id = b.station_id
                AND n.notice_number BETWEEN to_char(b.year, 'FM0000') || '-' || to_char(b.first, 'FM00000')
                                        AND to_char(b.year, 'FM0000') || '-' || to_char(b.last, 'FM00000')) AS used
      FROM notice_number_blocks b JOIN users u ON u.id = b.leased_by
      WHERE b.station_id IN (SELECT id FROM unit_subtree($1)) AND b.year = $2
      ORDER BY b.first
      """;

  private final Pool pool;

  public NoticeNumberHandlers(Pool pool) {
    this.pool = pool;
  }

  /** Body (optional): {@code {"size": 20, "year": 2026}}; the year defaults to this year. */
  public void lease(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    JsonObject body = ctx.body().length() == 0 ? new JsonObject() : Bodies.object(ctx);
    int size = whole(body, "size", DEFAULT_BLOCK, 1, MAX_BLOCK);
    int thisYear = LocalDate.now(STATION_ZONE).getYear();
    int year = whole(body, "year", thisYear, thisYear - 1, thisYear + 1);
    pool.withTransaction(conn -> conn.preparedQuery(LEASE)
        .execute(Tuple.of(actor.unitId(), year, size, UUID.randomUUID(), actor.deviceId(), actor.userId()))
        .map(rows -> {
          Row leased = rows.iterator().next();
          if (leased.getInteger("last") > NoticeNumber.MAX_SEQ) {
            // Rolled back: the year's numbers stay unleased rather than be printed out of format.
            throw new ApiError(ErrorCode.NOTICE_NUMBERS_EXHAUSTED, "size",
                "fewer than " + size + " numbers are left for " + year);
          }
          return block(leased);
        }))
        .onSuccess(block -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(block.encode()))
        .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    String yearText = ctx.queryParams().get("year");
    int year;
    try {
      year = yearText == null ? LocalDate.now(STATION_ZONE).getYear() : Integer.parseInt(yearText);
    } catch (NumberFormatException e) {
      throw new ApiError(ErrorCode.PARAMETER_INVALID, "year", "year must be a year, e.g. 2026");
    }
    pool.preparedQuery(BLOCKS).execute(Tuple.of(actor.unitId(), year))
        .map(rows -> {
          JsonArray blocks = new JsonArray();
          for (Row row : rows) {
            String[] used = row.getArrayOfStrings("used");
            int size = row.getInteger("last") - row.getInteger("first") + 1;
            blocks.add(block(row)
                .put("leasedBy", row.getString("username"))
                .put("used", new JsonArray(List.of((Object[]) used)))
                .put("unused", size - used.length));
          }
          return new JsonObject().put("year", year).put("blocks", blocks);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject block(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("year", row.getInteger("year"))
        .put("first", new NoticeNumber(row.getInteger("year"), row.getInteger("first")).toString())
        .put("last", new NoticeNumber(row.getInteger("year"), row.getInteger("last")).toString())
        .put("deviceId", row.getString("device_id"))
        .put("leasedAt", row.getOffsetDateTime("leased_at").toString());
  }

  private static int whole(JsonObject body, String name, int fallback, int min, int max) {
    Object value = body.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer number) || number < min || number > max) {
      throw new ApiError(ErrorCode.FIELD_INVALID, name, name + " must be a whole number from " + min + " to " + max);
    }
    return number;
  }
}
