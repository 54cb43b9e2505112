package org.inspectsync.server.assignments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.audit.AuditLog;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.http.Dates;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.push.Hints;
import org.inspectsync.server.push.Recipient;

/**
 * The dispatcher's side of assignments: create one ({@code POST /assignments}) or a day plan at
 * once ({@code POST /assignments/plan}, all or nothing), edit ({@code PATCH}), cancel, list a day's
 * with their progress, and read per-device receipts. Every write is audited, marks the affected
 * devices' receipts as sent, and after commit hints those devices to sync.
 */
public final class AssignmentHandlers {

  static final int MAX_PLAN = 500;
  private static final Set<String> EDIT_FIELDS = Set.of("baseVersion", "inspectorIds", "entityIds", "kind", "dueOn",
      "note", "enforcement");

  private static final String LIST = "SELECT " + Assignments.COLUMNS + """
      FROM assignments a
      WHERE a.station_id IN (SELECT id FROM unit_subtree($1)) AND a.due_on = $2 AND NOT a.deleted
      ORDER BY a.created_at, a.id
      """;
  private static final String IN_SCOPE = """
      SELECT a.station_id IN (SELECT id FROM unit_subtree($2)) AS visible FROM assignments a
      WHERE a.id = $1 AND NOT a.deleted
      """;

  private final Pool pool;
  private final Hints hints;

  public AssignmentHandlers(Pool pool, Hints hints) {
    this.pool = pool;
    this.hints = hints;
  }

  /** {@code POST /assignments}: 201 when created, 200 when the same assignment was already there. */
  public void create(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    AssignmentDraft draft = AssignmentDraft.parse(Bodies.object(ctx), "");
    write(conn -> Assignments.create(conn, actor, List.of(draft), null, index -> "")
        .compose(written -> AuditLog.record(conn, actor, actor.unitId(), "assignment.create", draft.id(),
            draft.toJson()).map(written)))
        .onSuccess(done -> ctx.response().setStatusCode(done.written().get(0).created() ? 201 : 200)
            .putHeader("Content-Type", "application/json")
            .end(done.assignments().getJsonObject(0).encode()))
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /assignments/plan}: a day's assignments in one request, applied together or not at
   * all; an error names the assignment by its index. Resending the plan changes nothing.
   */
  public void plan(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    JsonObject body = Bodies.object(ctx);
    Bodies.onlyKnown(body, Set.of("assignments"), "");
    JsonArray raw = Bodies.requiredArray(body, "assignments", "assignments");
    if (raw.isEmpty() || raw.size() > MAX_PLAN) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "assignments", "a plan holds 1 to " + MAX_PLAN + " assignments");
    }
    List<AssignmentDraft> drafts = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      String prefix = "assignments[" + i + "].";
      if (!(raw.getValue(i) instanceof JsonObject item)) {
        throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, "assignments[" + i + "]", "each assignment must be an object");
      }
      drafts.add(AssignmentDraft.parse(item, prefix));
    }
    write(conn -> Assignments.create(conn, actor, drafts, null, index -> "assignments[" + index + "].")
        .compose(written -> AuditLog.record(conn, actor, actor.unitId(), "assignment.plan", null,
            new JsonObject().put("assignmentIds", new JsonArray(written.stream().filter(Assignments.Written::created)
                .map(w -> w.id().toString()).toList()))).map(written)))
        .onSuccess(done -> ctx.response()
            .setStatusCode(done.written().stream().anyMatch(Assignments.Written::created) ? 201 : 200)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("assignments", done.assignments()).encode()))
        .onFailure(ctx::fail);
  }

  /**
   * {@code PATCH /assignments/{assignmentId}}: changes some of inspectorIds, entityIds, kind, dueOn,
   * note and enforcement, given the version the dispatcher last read ({@code baseVersion}).
   */
  public void edit(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID id = Bodies.uuid(ctx.pathParam("assignmentId"), "assignmentId");
    JsonObject body = Bodies.object(ctx);
    Bodies.onlyKnown(body, EDIT_FIELDS, "");
    int baseVersion = Bodies.requiredInt(body, "baseVersion", "baseVersion", 1, Integer.MAX_VALUE);
    JsonObject changes = body.copy();
    changes.remove("baseVersion");
    write(conn -> Assignments.edit(conn, actor, id, baseVersion, changes)
        .compose(edited -> edited.changed()
            ? AuditLog.record(conn, actor, actor.unitId(), "assignment.edit", id, changes).map(List.of(edited))
            : Future.succeededFuture(List.of(edited))))
        .onSuccess(done -> ctx.json(done.assignments().getJsonObject(0)))
        .onFailure(ctx::fail);
  }

  /**
   * {@code POST /assignments/{assignmentId}/cancel}. Checks an inspector made before hearing of it
   * are kept; the assignment stays cancelled and counts them in {@code checksAfterCancel}, so the
   * dispatcher sees what happened. Cancelling twice answers the same.
   */
  public void cancel(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID id = Bodies.uuid(ctx.pathParam("assignmentId"), "assignmentId");
    write(conn -> Assignments.cancel(conn, actor, id)
        .compose(cancelled -> cancelled.changed()
            ? AuditLog.record(conn, actor, actor.unitId(), "assignment.cancel", id, new JsonObject())
                .map(List.of(cancelled))
            : Future.succeededFuture(List.of(cancelled))))
        .onSuccess(done -> ctx.json(done.assignments().getJsonObject(0)))
        .onFailure(ctx::fail);
  }

  /** {@code GET /assignments?dueOn=}: a day's assignments in the caller's units, with their progress. */
  public void list(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    String dueOnParam = ctx.queryParams().get("dueOn");
    if (dueOnParam == null) {
      throw new ApiError(ErrorCode.PARAMETER_INVALID, "dueOn", "dueOn=YYYY-MM-DD is required");
    }
    LocalDate dueOn = Dates.parse(dueOnParam, ErrorCode.PARAMETER_INVALID, "dueOn");
    pool.preparedQuery(LIST).execute(Tuple.of(actor.unitId(), dueOn))
        .map(rows -> {
          JsonArray assignments = new JsonArray();
          for (Row row : rows) {
            assignments.add(Assignments.render(row));
          }
          return new JsonObject().put("assignments", assignments);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** {@code GET /assignments/{assignmentId}/receipts}: how far the assignment got on each device. */
  public void receipts(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID id = Bodies.uuid(ctx.pathParam("assignmentId"), "assignmentId");
    pool.preparedQuery(IN_SCOPE).execute(Tuple.of(id, actor.unitId()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "assignmentId", "no such assignment"));
          }
          if (!rows.iterator().next().getBoolean("visible")) {
            return Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "assignmentId",
                "this assignment belongs to a station outside your units"));
          }
          return Receipts.list(pool, id);
        })
        .onSuccess(receipts -> ctx.json(new JsonObject().put("assignmentId", id.toString())
            .put("receipts", receipts)))
        .onFailure(ctx::fail);
  }

  /** What a write did: each assignment's fate and how it looks now. */
  private record Done(List<Assignments.Written> written, JsonArray assignments) {
  }

  /**
   * Runs {@code change} in a transaction that also marks receipts as sent and reads the result,
   * then hints the devices concerned once it has committed.
   */
  private Future<Done> write(Function<SqlConnection, Future<List<Assignments.Written>>> change) {
    return pool.withTransaction(conn -> change.apply(conn).compose(written -> {
      List<UUID> ids = written.stream().map(Assignments.Written::id).toList();
      List<UUID> changed = written.stream().filter(Assignments.Written::changed).map(Assignments.Written::id).toList();
      Future<List<Recipient>> recipients = Receipts.sent(conn, changed);
      Future<JsonArray> rendered = Assignments.render(conn, ids);
      return Future.all(recipients, rendered).map(read -> new Sent(new Done(written, rendered.result()),
          recipients.result()));
    })).map(sent -> {
      hints.send(sent.recipients());
      return sent.done();
    });
  }

  private record Sent(Done done, List<Recipient> recipients) {
  }
}
