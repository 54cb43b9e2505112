package org.inspectsync.server.tallies;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A unit's tallies for one day, as the dashboard shows them: totals, per station, per inspector
 * (for a station), checks by hour, overdue notices and quiet phones.
 *
 * <p>What grows with each record comes from {@code tally_counts}, kept by triggers in the writing
 * transaction (see {@code V14__tally_counts.sql}), so it is never recounted. What is a state of
 * the moment, not a sum of events, is read from indexed rows of the stations concerned: visits
 * planned and done and assignments sent and done (the day's assignments), notices overdue and
 * re-inspections due (which change with the date as well as with writes), and quiet phones
 * (which change with the clock).
 *
 * <p>A phone is listed in {@code quietDevices} when it has not pushed or pulled for
 * {@code quietAfter}, or when the oldest item of its outbox (as it last reported, plus the time
 * since) has waited that long: a phone that syncs but cannot get a record through is as much a
 * problem as a silent one.
 */
public final class TallySnapshot {

  static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  private static final int LIST_LIMIT = 200;

  private static final String STATIONS = """
      SELECT s.id, s.name FROM org_units s
      WHERE s.id IN (SELECT id FROM unit_subtree($1)) AND s.kind = 'station'
      ORDER BY s.name, s.id
      """;
  private static final String COUNTS = """
      SELECT station_id, person_id, metric, value FROM tally_counts
      WHERE station_id = ANY ($1) AND day = $2 AND value <> 0
      """;
  private static final String ASSIGNMENTS = """
      SELECT a.station_id, a.inspector_ids, cardinality(a.entity_ids) AS planned, a.status,
             (SELECT count(DISTINCT c.entity_id) FROM market_checks c
              WHERE c.assignment_id = a.id AND NOT c.deleted AND c.entity_id = ANY (a.entity_ids)) AS checked
      FROM assignments a
      WHERE a.station_id = ANY ($1) AND a.due_on = $2 AND NOT a.deleted AND a.status <> 'cancelled'
      """;
  /** The same "overdue" as {@code GET /notices/overdue}: not verified, not superseded, due before the day. */
  private static final String OVERDUE = """
      SELECT n.id, n.notice_number, e.name AS entity_name, n.station_id, n.due_on,
             count(*) OVER (PARTITION BY n.station_id) AS station_overdue
      FROM rectification_notices n JOIN business_entities e ON e.id = n.entity_id
      WHERE n.station_id = ANY ($1) AND NOT n.deleted AND n.superseded_by IS NULL AND n.status <> 'verified'
        AND n.due_on < $2
      ORDER BY n.due_on, n.notice_number NULLS LAST, n.id
      """;
  private static final String REINSPECTIONS = """
      SELECT station_id, count(*) AS due FROM assignments
      WHERE station_id = ANY ($1) AND kind = 'reinspection' AND due_on <= $2 AND NOT deleted
        AND status NOT IN ('done', 'cancelled')
      GROUP BY station_id
      """;
  private static final String QUIET = """
      SELECT d.id, d.user_id, u.display_name, u.unit_id, d.last_seen_at,
             d.outbox_age_seconds + extract(epoch FROM now() - d.outbox_reported_at)::integer AS outbox_age
      FROM devices d JOIN users u ON u.id = d.user_id
      WHERE u.unit_id = ANY ($1) AND u.role = 'inspector' AND d.revoked_at IS NULL
        AND (d.last_seen_at < now() - make_interval(secs => $2)
             OR d.outbox_age_seconds + extract(epoch FROM now() - d.outbox_reported_at) > $2)
      ORDER BY d.last_seen_at, d.id
      LIMIT 200
      """;
  private static final String INSPECTORS = """
      SELECT id, display_name, unit_id FROM users WHERE unit_id = ANY ($1) AND role = 'inspector'
      ORDER BY display_name, id
      """;

  private TallySnapshot() {
  }

  /** One station or inspector's figures while they are being added up. */
  private static final class Figures {
    final Map<String, Long> counts = new LinkedHashMap<>();
    long visitsPlanned;
    long visitsDone;
    long assignmentsSent;
    long assignmentsDone;
    long noticesOverdue;
    long reinspectionsDue;

    void add(String metric, long value) {
      counts.merge(metric, value, Long::sum);
    }

    long count(String metric) {
      return counts.getOrDefault(metric, 0L);
    }

    JsonObject toJson(boolean station) {
      long done = count("checks");
      long passed = count("checks_passed");
      JsonObject bySeverity = new JsonObject();
      SEVERITIES.forEach(severity -> bySeverity.put(severity, count("hazards_severity_" + severity)));
      JsonObject byCategory = new JsonObject();
      counts.forEach((metric, value) -> {
        if (metric.startsWith("hazards_category_") && value != 0) {
          byCategory.put(metric.substring("hazards_category_".length()), value);
        }
      });
      JsonObject json = new JsonObject()
          .put("checksDone", done)
          .put("checksPassed", passed)
          .put("passRate", done == 0 ? null : Math.round(10_000.0 * passed / done) / 10_000.0)
          .put("visitsPlanned", visitsPlanned)
          .put("visitsDone", visitsDone)
          .put("hazardsBySeverity", bySeverity)
          .put("hazardsByCategory", byCategory)
          .put("noticesIssued", count("notices_issued"))
          .put("assignmentsSent", assignmentsSent)
          .put("assignmentsDone", assignmentsDone);
      if (station) {
        json.put("noticesOverdue", noticesOverdue).put("reinspectionsDue", reinspectionsDue);
      }
      return json;
    }

    void addAll(Figures other) {
      other.counts.forEach(this::add);
      visitsPlanned += other.visitsPlanned;
      visitsDone += other.visitsDone;
      assignmentsSent += other.assignmentsSent;
      assignmentsDone += other.assignmentsDone;
      noticesOverdue += other.noticesOverdue;
      reinspectionsDue += other.reinspectionsDue;
    }
  }

  /**
   * The tallies of {@code unit} (id, name, time zone known) on {@code day}; per inspector only when
   * the unit is a station. {@code quietAfter}: how long without a sync makes a phone quiet.
   */
  public static Future<JsonObject> of(Pool pool, Unit unit, LocalDate day, Duration quietAfter) {
    return pool.withConnection(conn -> conn.preparedQuery(STATIONS).execute(Tuple.of(unit.id())).compose(rows -> {
      Map<UUID, String> stations = new LinkedHashMap<>();
      rows.forEach(row -> stations.put(row.getUUID("id"), row.getString("name")));
      Tuple scope = Tuple.tuple().addArrayOfUUID(stations.keySet().toArray(UUID[]::new)).addLocalDate(day);
      Future<RowSet<Row>> counts = conn.preparedQuery(COUNTS).execute(scope);
      Future<RowSet<Row>> assignments = conn.preparedQuery(ASSIGNMENTS).execute(scope);
      Future<RowSet<Row>> overdue = conn.preparedQuery(OVERDUE).execute(scope);
      Future<RowSet<Row>> reinspections = conn.preparedQuery(REINSPECTIONS).execute(scope);
      Future<RowSet<Row>> quiet = conn.preparedQuery(QUIET).execute(Tuple.tuple()
          .addArrayOfUUID(stations.keySet().toArray(UUID[]::new)).addLong(quietAfter.toSeconds()));
      Future<RowSet<Row>> inspectors = unit.station()
          ? conn.preparedQuery(INSPECTORS).execute(Tuple.tuple().addArrayOfUUID(new UUID[] {unit.id()}))
          : Future.succeededFuture(null);
      return Future.all(List.of(counts, assignments, overdue, reinspections, quiet, inspectors))
          .map(read -> assemble(unit, day, stations, counts.result(), assignments.result(), overdue.result(),
              reinspections.result(), quiet.result(), inspectors.result()));
    }));
  }

  private static JsonObject assemble(Unit unit, LocalDate day, Map<UUID, String> stationNames, RowSet<Row> counts,
      RowSet<Row> assignments, RowSet<Row> overdue, RowSet<Row> reinspections, RowSet<Row> quiet,
      RowSet<Row> inspectorRows) {
    Map<UUID, Figures> stations = new LinkedHashMap<>();
    stationNames.keySet().forEach(id -> stations.put(id, new Figures()));
    Map<UUID, Figures> people = new LinkedHashMap<>();
    long[] byHour = new long[24];
    for (Row row : counts) {
      String metric = row.getString("metric");
      long value = row.getLong("value");
      if (metric.startsWith("checks_h")) {
        byHour[Integer.parseInt(metric.substring("checks_h".length()))] += value;
        continue;
      }
      stations.get(row.getUUID("station_id")).add(metric, value);
      people.computeIfAbsent(row.getUUID("person_id"), id -> new Figures()).add(metric, value);
    }
    for (Row row : assignments) {
      Figures station = stations.get(row.getUUID("station_id"));
      boolean done = row.getString("status").equals("done");
      long planned = row.getInteger("planned");
      long checked = row.getLong("checked");
      List<Figures> counted = new ArrayList<>();
      counted.add(station);
      for (UUID inspector : row.getArrayOfUUIDs("inspector_ids")) {
        counted.add(people.computeIfAbsent(inspector, id -> new Figures()));
      }
      for (Figures figures : counted) {
        figures.visitsPlanned += planned;
        figures.visitsDone += checked;
        figures.assignmentsSent++;
        figures.assignmentsDone += done ? 1 : 0;
      }
    }
    JsonArray overdueNotices = new JsonArray();
    Set<UUID> countedStations = new HashSet<>();
    for (Row row : overdue) {
      UUID stationId = row.getUUID("station_id");
      if (countedStations.add(stationId)) {
        stations.get(stationId).noticesOverdue = row.getLong("station_overdue");
      }
      if (overdueNotices.size() < LIST_LIMIT) {
        overdueNotices.add(new JsonObject()
            .put("id", row.getUUID("id").toString())
            .put("noticeNumber", row.getString("notice_number"))
            .put("entityName", row.getString("entity_name"))
            .put("stationId", stationId.toString())
            .put("dueOn", row.getLocalDate("due_on").toString())
            .put("daysOverdue", ChronoUnit.DAYS.between(row.getLocalDate("due_on"), day)));
      }
    }
    for (Row row : reinspections) {
      stations.get(row.getUUID("station_id")).reinspectionsDue = row.getLong("due");
    }
    JsonArray quietDevices = new JsonArray();
    Instant now = Instant.now();
    for (Row row : quiet) {
      Instant lastSeen = row.getOffsetDateTime("last_seen_at").toInstant();
      quietDevices.add(new JsonObject()
          .put("deviceId", row.getString("id"))
          .put("userId", row.getUUID("user_id").toString())
          .put("name", row.getString("display_name"))
          .put("stationId", row.getUUID("unit_id").toString())
          .put("lastSyncAt", lastSeen.toString())
          .put("quietMinutes", Duration.between(lastSeen, now).toMinutes())
          .put("oldestPendingSeconds", row.getInteger("outbox_age")));
    }

    Figures totals = new Figures();
    JsonArray stationList = new JsonArray();
    stations.forEach((id, figures) -> {
      totals.addAll(figures);
      stationList.add(figures.toJson(true).put("stationId", id.toString()).put("name", stationNames.get(id)));
    });
    JsonArray inspectors = new JsonArray();
    if (inspectorRows != null) {
      for (Row row : inspectorRows) {
        Figures figures = people.getOrDefault(row.getUUID("id"), new Figures());
        inspectors.add(figures.toJson(false).put("inspectorId", row.getUUID("id").toString())
            .put("name", row.getString("display_name")).put("stationId", row.getUUID("unit_id").toString()));
      }
    }
    JsonArray hours = new JsonArray();
    for (long count : byHour) {
      hours.add(count);
    }
    return new JsonObject()
        .put("unitId", unit.id().toString())
        .put("unitName", unit.name())
        .put("day", day.toString())
        .put("timeZone", unit.timeZone())
        .put("generatedAt", now.toString())
        .put("totals", totals.toJson(true))
        .put("byHour", hours)
        .put("stations", stationList)
        .put("inspectors", inspectors)
        .put("overdueNotices", overdueNotices)
        .put("quietDevices", quietDevices);
  }

  /** A unit as tallies need it. */
  public record Unit(UUID id, String name, String kind, String timeZone) {

    boolean station() {
      return kind.equals("station");
    }
  }
}
