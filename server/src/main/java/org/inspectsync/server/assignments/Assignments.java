package org.inspectsync.server.assignments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.identity.Actor;

/**
 * The dispatcher's writes to assignments, inside a caller's transaction: creating them (one, a day
 * plan, or a draw's), editing and cancelling. Inspectors must be inspectors of the dispatcher's
 * station and entities live records of it. Phones learn of every write by pull.
 */
public final class Assignments {

  private static final String PEOPLE = "SELECT id, role, unit_id FROM users WHERE id = ANY ($1)";
  private static final String LIVE_ENTITIES = """
      SELECT id FROM business_entities WHERE id = ANY ($1) AND station_id = $2 AND NOT deleted
      """;
  private static final String EXISTING = """
      SELECT id, station_id, inspector_ids, entity_ids, kind, due_on, note, enforcement, status, version, office_version
      FROM assignments WHERE id = ANY ($1) AND NOT deleted
      ORDER BY id FOR UPDATE
      """;
  private static final String INSERT = """
      INSERT INTO assignments (id, station_id, inspector_ids, ever_assigned, entity_ids, kind, due_on, note,
                               enforcement, draw_id, created_by, updated_by)
      VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $10)
      """;
  private static final String UPDATE = """
      UPDATE assignments
      SET inspector_ids = $2,
          ever_assigned = ARRAY(SELECT DISTINCT unnest(ever_assigned || $2::uuid[])),
          entity_ids = $3, kind = $4, due_on = $5, note = $6, enforcement = $7, updated_by = $8,
          office_version = version + 1
      WHERE id = $1
      """;
  private static final String CANCEL = """
      UPDATE assignments SET status = 'cancelled', cancelled_at = now(), updated_by = $2, office_version = version + 1
      WHERE id = $1 AND status <> 'cancelled'
      """;
  static final String COLUMNS = """
      a.id, a.station_id, a.inspector_ids, a.entity_ids, a.kind, a.due_on, a.note, a.enforcement, a.draw_id, a.notice_id,
      a.status, a.version, a.cancelled_at,
      (SELECT count(DISTINCT c.entity_id) FROM market_checks c
       WHERE c.assignment_id = a.id AND NOT c.deleted AND c.entity_id = ANY (a.entity_ids)) AS checked,
      (SELECT count(*) FROM market_checks c
       WHERE c.assignment_id = a.id AND NOT c.deleted AND c.received_at > a.cancelled_at) AS checks_after_cancel
      """;
  private static final String RENDER = "SELECT " + COLUMNS + " FROM assignments a WHERE a.id = ANY ($1)";

  private Assignments() {
  }

  /**
   * One assignment's fate: {@code created} anew, or already there with the same content (a resend);
   * {@code changed} when this wrote a new version of it.
   */
  public record Written(UUID id, boolean created, boolean changed) {
  }

  /**
   * Creates the drafts in the actor's station. A draft whose id exists with the same content is a
   * resend and is left as it is; different content is {@code RECORD_EXISTS}. Fields in errors are
   * named through {@code prefix} (the draft's index in a day plan).
   */
  public static Future<List<Written>> create(SqlConnection conn, Actor actor, List<AssignmentDraft> drafts,
      UUID drawId, IntFunction<String> prefix) {
    UUID[] ids = drafts.stream().map(AssignmentDraft::id).toArray(UUID[]::new);
    Future<RowSet<Row>> existing = conn.preparedQuery(EXISTING).execute(Tuple.tuple().addArrayOfUUID(ids));
    Future<Void> checked = checkPeopleAndPlaces(conn, actor.unitId(), drafts, prefix);
    return Future.all(existing, checked).compose(read -> {
      Map<UUID, Row> found = new HashMap<>();
      existing.result().forEach(row -> found.put(row.getUUID("id"), row));
      List<Written> written = new ArrayList<>();
      List<Tuple> inserts = new ArrayList<>();
      Set<UUID> seen = new HashSet<>();
      for (int i = 0; i < drafts.size(); i++) {
        AssignmentDraft draft = drafts.get(i);
        if (!seen.add(draft.id())) {
          return Future.failedFuture(new ApiError(ErrorCode.FIELD_INVALID, prefix.apply(i) + "id",
              prefix.apply(i) + "id repeats an earlier assignment of this plan"));
        }
        Row row = found.get(draft.id());
        if (row == null) {
          inserts.add(Tuple.of(draft.id(), actor.unitId(), draft.inspectorIds().toArray(UUID[]::new),
              draft.entityIds().toArray(UUID[]::new), draft.kind(), draft.dueOn(), draft.note(),
              draft.enforcement(), drawId, actor.userId()));
          written.add(new Written(draft.id(), true, true));
        } else if (row.getUUID("station_id").equals(actor.unitId()) && draft.sameContent(draftOf(row))) {
          written.add(new Written(draft.id(), false, false));
        } else {
          return Future.failedFuture(new ApiError(ErrorCode.RECORD_EXISTS, prefix.apply(i) + "id",
              "another assignment has the id " + draft.id()));
        }
      }
      return inserts.isEmpty()
          ? Future.succeededFuture(written)
          : conn.preparedQuery(INSERT).executeBatch(inserts).map(written);
    });
  }

  /**
   * Lays {@code changes} over the assignment as it stands and writes the result, if the dispatcher
   * saw the last office write ({@code VERSION_MISMATCH} otherwise; a phone's progress report in
   * between is no conflict) and it is still open: a done or cancelled assignment is history
   * ({@code ASSIGNMENT_CLOSED}). An edit that changes nothing writes nothing.
   */
  public static Future<Written> edit(SqlConnection conn, Actor actor, UUID id, int baseVersion, JsonObject changes) {
    return ownAssignment(conn, actor, id).compose(row -> {
      if (baseVersion < row.getInteger("office_version") || baseVersion > row.getInteger("version")) {
        return Future.failedFuture(new ApiError(ErrorCode.VERSION_MISMATCH, "baseVersion",
            "the assignment is at version " + row.getInteger("version") + "; read it again and redo the edit")
            .with("currentVersion", row.getInteger("version")));
      }
      String status = row.getString("status");
      if (status.equals("cancelled") || status.equals("done")) {
        return Future.failedFuture(new ApiError(ErrorCode.ASSIGNMENT_CLOSED, "assignmentId",
            "the assignment is " + status + "; create a new one instead"));
      }
      AssignmentDraft current = draftOf(row);
      AssignmentDraft edited = AssignmentDraft.parse(current.toJson().mergeIn(changes), "");
      if (edited.sameContent(current)) {
        return Future.succeededFuture(new Written(id, false, false));
      }
      return checkPeopleAndPlaces(conn, actor.unitId(), List.of(edited), index -> "")
          .compose(ok -> conn.preparedQuery(UPDATE).execute(Tuple.of(id, edited.inspectorIds().toArray(UUID[]::new),
              edited.entityIds().toArray(UUID[]::new), edited.kind(), edited.dueOn(), edited.note(),
              edited.enforcement(), actor.userId())))
          .compose(updated -> AssignmentRepository.advance(conn, List.of(id)))
          .map(new Written(id, false, true));
    });
  }

  /**
   * Cancels the assignment; cancelling twice answers the same. Checks made against it offline are
   * kept and counted as {@code checksAfterCancel}.
   */
  public static Future<Written> cancel(SqlConnection conn, Actor actor, UUID id) {
    return ownAssignment(conn, actor, id)
        .compose(row -> conn.preparedQuery(CANCEL).execute(Tuple.of(id, actor.userId())))
        .map(cancelled -> new Written(id, false, cancelled.rowCount() > 0));
  }

  /** The assignment, locked for this transaction: 404 if there is none, 403 if another station's. */
  private static Future<Row> ownAssignment(SqlConnection conn, Actor actor, UUID id) {
    return conn.preparedQuery(EXISTING).execute(Tuple.tuple().addArrayOfUUID(new UUID[] {id})).compose(rows -> {
      Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
      if (row == null) {
        return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "assignmentId", "no such assignment"));
      }
      if (!row.getUUID("station_id").equals(actor.unitId())) {
        return Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "assignmentId",
            "this assignment belongs to another station"));
      }
      return Future.succeededFuture(row);
    });
  }

  /** The assignments as the dispatcher API shows them, in the order of {@code ids}. */
  public static Future<JsonArray> render(SqlClient client, List<UUID> ids) {
    return client.preparedQuery(RENDER).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, JsonObject> byId = new HashMap<>();
          rows.forEach(row -> byId.put(row.getUUID("id"), render(row)));
          JsonArray ordered = new JsonArray();
          ids.forEach(id -> ordered.add(byId.get(id)));
          return ordered;
        });
  }

  static JsonObject render(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("stationId", row.getUUID("station_id").toString())
        .put("inspectorIds", AssignmentDraft.strings(List.of(row.getArrayOfUUIDs("inspector_ids"))))
        .put("entityIds", AssignmentDraft.strings(List.of(row.getArrayOfUUIDs("entity_ids"))))
        .put("kind", row.getString("kind"))
        .put("dueOn", row.getLocalDate("due_on").toString())
        .put("note", row.getString("note"))
        .put("enforcement", row.getBoolean("enforcement"))
        .put("drawId", row.getUUID("draw_id") == null ? null : row.getUUID("draw_id").toString())
        .put("noticeId", row.getUUID("notice_id") == null ? null : row.getUUID("notice_id").toString())
        .put("status", row.getString("status"))
        .put("version", row.getInteger("version"))
        .put("entitiesChecked", row.getLong("checked"))
        .put("cancelledAt", row.getOffsetDateTime("cancelled_at") == null
            ? null : row.getOffsetDateTime("cancelled_at").toString())
        .put("checksAfterCancel", row.getLong("checks_after_cancel"));
  }

  private static AssignmentDraft draftOf(Row row) {
    return new AssignmentDraft(row.getUUID("id"), List.of(row.getArrayOfUUIDs("inspector_ids")),
        List.of(row.getArrayOfUUIDs("entity_ids")), row.getString("kind"), row.getLocalDate("due_on"),
        row.getString("note"), row.getBoolean("enforcement"));
  }

  /** Every inspector must be an inspector of the station, and every entity a live record of it. */
  private static Future<Void> checkPeopleAndPlaces(SqlConnection conn, UUID stationId, List<AssignmentDraft> drafts,
      IntFunction<String> prefix) {
    Set<UUID> people = new LinkedHashSet<>();
    Set<UUID> places = new LinkedHashSet<>();
    drafts.forEach(draft -> {
      people.addAll(draft.inspectorIds());
      places.addAll(draft.entityIds());
    });
    Future<RowSet<Row>> users = conn.preparedQuery(PEOPLE).execute(Tuple.tuple()
        .addArrayOfUUID(people.toArray(UUID[]::new)));
    Future<RowSet<Row>> entities = conn.preparedQuery(LIVE_ENTITIES).execute(Tuple.tuple()
        .addArrayOfUUID(places.toArray(UUID[]::new)).addUUID(stationId));
    return Future.all(users, entities).compose(read -> {
      Map<UUID, Row> byId = new HashMap<>();
      users.result().forEach(row -> byId.put(row.getUUID("id"), row));
      Set<UUID> live = new HashSet<>();
      entities.result().forEach(row -> live.add(row.getUUID("id")));
      for (int i = 0; i < drafts.size(); i++) {
        AssignmentDraft draft = drafts.get(i);
        for (int j = 0; j < draft.inspectorIds().size(); j++) {
          String field = prefix.apply(i) + "inspectorIds[" + j + "]";
          Row user = byId.get(draft.inspectorIds().get(j));
          if (user == null || !"inspector".equals(user.getString("role"))) {
            return Future.failedFuture(new ApiError(ErrorCode.REFERENCE_NOT_FOUND, field,
                "no inspector " + draft.inspectorIds().get(j)));
          }
          if (!stationId.equals(user.getUUID("unit_id"))) {
            return Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, field,
                "this inspector works in another station; assign only within yours"));
          }
        }
        for (int j = 0; j < draft.entityIds().size(); j++) {
          if (!live.contains(draft.entityIds().get(j))) {
            String field = prefix.apply(i) + "entityIds[" + j + "]";
            return Future.failedFuture(new ApiError(ErrorCode.REFERENCE_NOT_FOUND, field,
                "no entity " + draft.entityIds().get(j) + " in your station"));
          }
        }
      }
      return Future.succeededFuture();
    });
  }
}
