package org.inspectsync.server.conflicts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.records.Field;
import org.inspectsync.server.records.FieldDecoder;
import org.inspectsync.server.records.FieldKind;
import org.inspectsync.server.records.RecordSchema;
import org.inspectsync.server.records.RecordSql;
import org.inspectsync.server.records.Rejection;

/**
 * The review queue: {@code GET /conflicts} lists the values that lost in the caller's station with
 * who wrote them, when and from which device, beside the record's value now;
 * {@code POST /conflicts/{id}/resolve} settles one. A resolution that changes the record is a new
 * version of it, written as the reviewer, and reaches every phone by pull.
 */
public final class ConflictHandlers {

  private static final int PAGE = 500;

  /** Every record type's current fields, joined beside the conflict that names it. */
  private static final String CURRENT = Stream.of(RecordType.values())
      .map(type -> "SELECT json_build_object(" + RecordSql.dataFields(RecordSchema.of(type)) + ") AS data, t.deleted, "
          + "t.version FROM " + RecordSchema.of(type).table() + " t WHERE c.record_type = '" + type.wireName()
          + "' AND t.id = c.record_id")
      .collect(Collectors.joining(" UNION ALL "));

  private static final String LIST = """
      SELECT c.id, c.record_type, c.record_id, c.kind, c.field, c.lost_value, c.lost_by, u.username AS lost_by_name,
             c.lost_device, c.lost_seq, c.lost_device_time, c.detected_at, c.status, c.resolved_by, c.resolved_at,
             c.resolution, r.data AS current, r.deleted AS record_deleted, r.version AS record_version
      FROM conflicts c
      LEFT JOIN users u ON u.id = c.lost_by
      LEFT JOIN LATERAL (%s) r ON true
      WHERE c.station_id IN (SELECT id FROM unit_subtree($1)) AND c.status = $2
      ORDER BY c.detected_at, c.id
      LIMIT %d
      """.formatted(CURRENT, PAGE);
  private static final String ONE = """
      SELECT c.id, c.station_id, c.record_type, c.record_id, c.kind, c.field, c.status, r.data AS current,
             r.deleted AS record_deleted, r.version AS record_version,
             c.station_id IN (SELECT id FROM unit_subtree($2)) AS in_scope
      FROM conflicts c LEFT JOIN LATERAL (%s) r ON true
      WHERE c.id = $1
      FOR UPDATE OF c
      """.formatted(CURRENT);
  private static final String RESOLVE = """
      UPDATE conflicts SET status = 'resolved', resolved_by = $2, resolved_at = now(), resolution = $3 WHERE id = $1
      """;

  private final Pool pool;

  public ConflictHandlers(Pool pool) {
    this.pool = pool;
  }

  public void list(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    String status = ctx.queryParams().get("status") == null ? "open" : ctx.queryParams().get("status");
    if (!List.of("open", "resolved").contains(status)) {
      throw new ApiError(ErrorCode.PARAMETER_INVALID, "status", "status must be open or resolved");
    }
    pool.preparedQuery(LIST).execute(Tuple.of(actor.unitId(), status))
        .map(rows -> {
          JsonArray conflicts = new JsonArray();
          rows.forEach(row -> conflicts.add(render(row)));
          return new JsonObject().put("conflicts", conflicts);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject render(Row row) {
    JsonObject current = (JsonObject) row.getValue("current");
    String field = row.getString("field");
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("recordType", row.getString("record_type"))
        .put("recordId", row.getUUID("record_id").toString())
        .put("kind", row.getString("kind"))
        .put("field", field)
        .put("lostValue", row.getValue("lost_value"))
        .put("lostBy", new JsonObject()
            .put("userId", row.getUUID("lost_by") == null ? null : row.getUUID("lost_by").toString())
            .put("username", row.getString("lost_by_name"))
            .put("deviceId", row.getString("lost_device"))
            .put("seq", row.getLong("lost_seq"))
            .put("deviceTime", row.getOffsetDateTime("lost_device_time") == null
                ? null : row.getOffsetDateTime("lost_device_time").toString()))
        .put("detectedAt", row.getOffsetDateTime("detected_at").toString())
        .put("status", row.getString("status"))
        .put("record", new JsonObject()
            .put("version", row.getInteger("record_version"))
            .put("deleted", row.getBoolean("record_deleted"))
            .put("currentValue", current == null || field == null ? null : current.getValue(field)));
    if (row.getUUID("resolved_by") != null) {
      json.put("resolution", new JsonObject()
          .put("by", row.getUUID("resolved_by").toString())
          .put("at", row.getOffsetDateTime("resolved_at").toString())
          .put("decision", row.getValue("resolution")));
    }
    return json;
  }

  /**
   * Body: {@code {"keep": true}} leaves the record as it is; {@code {"value": ...}} sets the field
   * (for an edit that arrived after a delete, it also restores the record); {@code {"delete": true}}
   * settles a lost delete by deleting the record after all.
   */
  public void resolve(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID id = Bodies.uuid(ctx.pathParam("conflictId"), "conflictId");
    JsonObject body = Bodies.object(ctx);
    for (String key : body.fieldNames()) {
      if (!List.of("keep", "value", "delete").contains(key)) {
        throw new ApiError(ErrorCode.FIELD_UNKNOWN, key, "a resolution holds one of keep, value, delete");
      }
    }
    if (body.size() != 1) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, "value", "a resolution holds exactly one of keep, value, delete");
    }
    pool.withTransaction(conn -> conn.preparedQuery(ONE).execute(Tuple.of(id, actor.unitId())).compose(rows -> {
      Row conflict = rows.size() == 0 ? null : rows.iterator().next();
      if (conflict == null) {
        return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "conflictId", "no such conflict"));
      }
      if (!conflict.getBoolean("in_scope")) {
        return Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "conflictId", "this conflict is in another station"));
      }
      if (!"open".equals(conflict.getString("status"))) {
        return Future.failedFuture(new ApiError(ErrorCode.CONFLICT_RESOLVED, "conflictId", "this conflict is resolved already"));
      }
      return apply(conn, actor, conflict, body)
          .compose(done -> conn.preparedQuery(RESOLVE).execute(Tuple.of(id, actor.userId(), body)))
          .map(done -> new JsonObject().put("id", id.toString()).put("status", "resolved").put("decision", body));
    }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static Future<?> apply(SqlConnection conn, Actor actor, Row conflict, JsonObject body) {
    if (body.containsKey("keep")) {
      if (!Boolean.TRUE.equals(body.getValue("keep"))) {
        throw new ApiError(ErrorCode.FIELD_INVALID, "keep", "keep must be true");
      }
      return Future.succeededFuture();
    }
    RecordSchema schema = RecordSchema.of(RecordType.fromWire(conflict.getString("record_type")));
    UUID recordId = conflict.getUUID("record_id");
    String kind = conflict.getString("kind");
    if (body.containsKey("delete")) {
      if (!"delete".equals(kind) || !Boolean.TRUE.equals(body.getValue("delete"))) {
        throw new ApiError(ErrorCode.FIELD_INVALID, "delete", "delete: true settles only a lost delete");
      }
      RecordSql.Statement delete = RecordSql.delete(schema, recordId, actor.userId());
      return conn.preparedQuery(delete.sql()).execute(delete.params());
    }
    Field field = schema.field(conflict.getString("field"));
    if (field == null || field.kind() == FieldKind.STATUS) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "value", "this conflict has no field to set");
    }
    Object value;
    try {
      value = body.getValue("value") == null ? null : FieldDecoder.decode(field, body.getValue("value"), "value");
    } catch (Rejection.Failure failure) {
      throw new ApiError(failure.rejection().code(), "value", failure.rejection().message());
    }
    if (value == null && !field.nullable()) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, "value", "this field cannot be null");
    }
    // The reviewer's decision starts a new round for the field: what every phone sees next.
    int newVersion = conflict.getInteger("record_version") + 1;
    Author reviewer = new Author(actor.userId(), actor.deviceId(), Author.rankOf(actor.role()), 0, null);
    Map<String, Object> columns = new LinkedHashMap<>();
    if (field.kind() != FieldKind.CHECKLIST) {
      columns.put(field.column(), value);
    }
    columns.put("updated_by", actor.userId());
    columns.put("deleted", false);
    RecordSql.Statement update = RecordSql.update(schema, recordId, columns);
    String stamp = "field_stamps = jsonb_set(field_stamps, '{" + field.name() + "}', $" + (update.params().size() + 1)
        + "::jsonb)";
    String sql = update.sql().replace(" WHERE id = $1", ", " + stamp + " WHERE id = $1");
    Tuple params = update.params().addValue(new FieldState(newVersion, List.of(reviewer), List.of()).toJson());
    Future<?> written = conn.preparedQuery(sql).execute(params);
    if (field.kind() == FieldKind.CHECKLIST) {
      for (RecordSql.Statement items : RecordSql.replaceChecklist(recordId,
          value == null ? new JsonArray() : (JsonArray) value, false)) {
        written = written.compose(done -> conn.preparedQuery(items.sql()).execute(items.params()));
      }
    }
    return written;
  }
}
