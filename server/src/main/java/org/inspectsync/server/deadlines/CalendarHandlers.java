package org.inspectsync.server.deadlines;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.http.Dates;
import org.inspectsync.server.identity.Actor;

/**
 * The working-day calendar that rectification deadlines are counted by.
 *
 * <p>{@code GET /calendar?year=} answers any signed-in caller, phones included, so that a phone
 * issuing a notice offline shows the same due date the server will store. {@code PUT /calendar}
 * (admin) sets the counting rule and replaces one year's exceptions to the Monday–Friday week in
 * one transaction. Neither moves the due date of a notice already issued: that date is fixed when
 * the notice is written (see {@code V13__deadlines.sql}).
 */
public final class CalendarHandlers {

  static final List<String> COUNTINGS = List.of("calendar", "working");
  /** Longest holiday name accepted; names are labels such as "国庆节". */
  static final int MAX_NAME = 100;
  private static final Set<String> BODY_FIELDS = Set.of("counting", "year", "days");
  private static final Set<String> DAY_FIELDS = Set.of("date", "working", "name");

  /** The rule and the year's days in one statement, so that both come from one snapshot. */
  private static final String CALENDAR = """
      SELECT r.counting, c.day, c.working, c.name
      FROM deadline_rule r LEFT JOIN calendar_days c ON c.day BETWEEN $1 AND $2
      ORDER BY c.day
      """;
  /** Locks the rule first, so that concurrent updates apply one after the other. */
  private static final String LOCK_RULE = "SELECT counting FROM deadline_rule FOR UPDATE";
  private static final String SET_RULE = "UPDATE deadline_rule SET counting = $1";
  private static final String CLEAR_YEAR = "DELETE FROM calendar_days WHERE day BETWEEN $1 AND $2";
  private static final String INSERT_DAYS = """
      INSERT INTO calendar_days (day, working, name)
      SELECT * FROM unnest($1::date[], $2::boolean[], $3::text[])
      """;
  private static final String AUDIT = """
      INSERT INTO audit_log (user_id, unit_id, action, subject_id, detail)
      VALUES ($1, $2, 'calendar.update', NULL, $3)
      """;

  private final Pool pool;

  public CalendarHandlers(Pool pool) {
    this.pool = pool;
  }

  /** {@code GET /calendar?year=YYYY}: the counting rule and that year's exceptions. */
  public void get(RoutingContext ctx) {
    String yearParam = ctx.queryParams().get("year");
    Integer year = yearParam == null ? null : parseYear(yearParam);
    if (year == null) {
      throw new ApiError(ErrorCode.PARAMETER_INVALID, "year", "year=YYYY is required, between "
          + Dates.MIN_YEAR + " and " + Dates.MAX_YEAR);
    }
    read(pool, year)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** {@code PUT /calendar}: the rule, and optionally one year's exceptions, replaced at once. */
  public void put(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    Update update = decode(Bodies.object(ctx));
    pool.withTransaction(conn -> conn.query(LOCK_RULE).execute()
        .map(rule -> rule.iterator().next().getString("counting"))
        .compose(previous -> conn.preparedQuery(SET_RULE).execute(Tuple.of(update.counting()))
            .map(set -> previous))
        .compose(previous -> {
          if (update.year() == null) {
            return audit(conn, actor, update, previous).compose(done -> Future.succeededFuture(
                new JsonObject().put("counting", update.counting())));
          }
          LocalDate first = LocalDate.of(update.year(), 1, 1);
          LocalDate last = LocalDate.of(update.year(), 12, 31);
          return conn.preparedQuery(CLEAR_YEAR).execute(Tuple.of(first, last))
              .compose(cleared -> conn.preparedQuery(INSERT_DAYS).execute(Tuple.of(
                  update.days().stream().map(Day::date).toArray(LocalDate[]::new),
                  update.days().stream().map(Day::working).toArray(Boolean[]::new),
                  update.days().stream().map(Day::name).toArray(String[]::new))))
              .compose(inserted -> audit(conn, actor, update, previous))
              .compose(done -> read(conn, update.year()));
        }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static Future<Void> audit(SqlClient conn, Actor actor, Update update, String previous) {
    JsonObject detail = new JsonObject().put("counting", update.counting()).put("previousCounting", previous);
    if (update.year() != null) {
      JsonArray days = new JsonArray();
      update.days().forEach(day -> days.add(day.toJson()));
      detail.put("year", update.year()).put("days", days);
    }
    return conn.preparedQuery(AUDIT).execute(Tuple.of(actor.userId(), actor.unitId(), detail)).mapEmpty();
  }

  private static Future<JsonObject> read(SqlClient client, int year) {
    return client.preparedQuery(CALENDAR)
        .execute(Tuple.of(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)))
        .map(rows -> {
          String counting = null;
          JsonArray days = new JsonArray();
          for (Row row : rows) {
            counting = row.getString("counting");
            if (row.getLocalDate("day") != null) {
              days.add(new Day(row.getLocalDate("day"), row.getBoolean("working"), row.getString("name")).toJson());
            }
          }
          return new JsonObject().put("counting", counting).put("year", year).put("days", days);
        });
  }

  /** One exception to the Monday–Friday week. */
  record Day(LocalDate date, boolean working, String name) {

    JsonObject toJson() {
      return new JsonObject().put("date", date.toString()).put("working", working).put("name", name);
    }
  }

  /** A decoded PUT: year and days are both null (rule only) or both given. */
  record Update(String counting, Integer year, List<Day> days) {
  }

  static Update decode(JsonObject body) {
    refuseUnknown(body, BODY_FIELDS, "");
    String counting = Bodies.requiredString(body, "counting", "counting");
    if (!COUNTINGS.contains(counting)) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "counting", "counting must be calendar or working");
    }
    Object rawYear = body.getValue("year");
    Object rawDays = body.getValue("days");
    if (rawYear == null && rawDays == null) {
      return new Update(counting, null, null);
    }
    if (rawYear == null) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, "year", "year is required with days: the year they replace");
    }
    if (!(rawYear instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, "year", "year must be an integer");
    }
    if (number.doubleValue() < Dates.MIN_YEAR || number.doubleValue() > Dates.MAX_YEAR) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "year", "year must lie between " + Dates.MIN_YEAR + " and "
          + Dates.MAX_YEAR);
    }
    int year = number.intValue();
    JsonArray raw = Bodies.requiredArray(body, "days", "days");
    if (raw.size() > 366) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "days", "days must hold at most one entry per day of the year");
    }
    List<Day> days = new ArrayList<>();
    Set<LocalDate> seen = new HashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String path = "days[" + i + "]";
      if (!(raw.getValue(i) instanceof JsonObject entry)) {
        throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, path, path + " must be an object {date, working, name}");
      }
      refuseUnknown(entry, DAY_FIELDS, path + ".");
      LocalDate date = Dates.parse(Bodies.requiredString(entry, "date", path + ".date"), ErrorCode.FIELD_INVALID,
          path + ".date");
      if (date.getYear() != year) {
        throw new ApiError(ErrorCode.FIELD_INVALID, path + ".date", path + ".date must lie in " + year);
      }
      if (!seen.add(date)) {
        throw new ApiError(ErrorCode.FIELD_INVALID, path + ".date", path + ".date repeats " + date);
      }
      Object working = entry.getValue("working");
      if (working == null) {
        throw new ApiError(ErrorCode.FIELD_REQUIRED, path + ".working", path + ".working is required");
      }
      if (!(working instanceof Boolean isWorking)) {
        throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, path + ".working", path + ".working must be true or false");
      }
      if (isWorking != isWeekend(date)) {
        throw new ApiError(ErrorCode.FIELD_INVALID, path + ".working", path + ": " + date + " is a "
            + (isWeekend(date) ? "weekend day, not working" : "weekday, working") + " already; list only exceptions: "
            + "holidays on weekdays (working false) and make-up working days on weekends (working true)");
      }
      String name = Bodies.optionalString(entry, "name", path + ".name");
      if (name != null && name.length() > MAX_NAME) {
        throw new ApiError(ErrorCode.FIELD_INVALID, path + ".name", path + ".name must be at most " + MAX_NAME
            + " characters");
      }
      days.add(new Day(date, isWorking, name));
    }
    return new Update(counting, year, days);
  }

  static boolean isWeekend(LocalDate date) {
    return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  /** A mistyped member ("workng") would otherwise be dropped silently and the day stored wrong. */
  private static void refuseUnknown(JsonObject json, Set<String> known, String prefix) {
    for (String name : json.fieldNames()) {
      if (!known.contains(name)) {
        throw new ApiError(ErrorCode.FIELD_UNKNOWN, prefix + name, prefix + name + " is not a field of this request");
      }
    }
  }

  private static Integer parseYear(String text) {
    if (!text.matches("[0-9]{4}")) {
      return null;
    }
    int year = Integer.parseInt(text);
    return Dates.inRange(year) ? year : null;
  }
}
