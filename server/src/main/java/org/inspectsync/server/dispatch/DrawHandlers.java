package org.inspectsync.server.dispatch;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.assignments.AssignmentDraft;
import org.inspectsync.server.assignments.Assignments;
import org.inspectsync.server.assignments.Receipts;
import org.inspectsync.server.audit.AuditLog;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.http.Dates;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.push.Hints;
import org.inspectsync.server.push.Recipient;

/**
 * The double-random draw over HTTP. {@code POST /draws} draws from a pool of the dispatcher's
 * station's entities (by category, grid cell and risk level) and its inspectors, records the seed
 * and the exact inputs, creates one enforcement assignment per pick, and writes the audit log, all
 * in one transaction. {@code GET /draws/{drawId}} shows the record and redoes the draw from it;
 * {@code GET /draws/{drawId}/publication} is the listing to publish, without personal data.
 */
public final class DrawHandlers {

  /** Names the procedure of {@link Draw} and {@link DrawRandom}; a new procedure gets a new name. */
  static final String ALGORITHM = "sha256-fisher-yates-balanced-pairs/1";
  static final int MAX_COUNT = 500;
  private static final SecureRandom SEEDS = new SecureRandom();
  private static final Set<String> FIELDS = Set.of("id", "title", "kind", "dueOn", "count", "seed", "pool");
  private static final Set<String> POOL_FIELDS = Set.of("categories", "gridCells", "riskLevels", "inspectorIds");

  private static final String EXISTING = "SELECT station_id FROM draws WHERE id = $1";
  private static final String ENTITIES = """
      SELECT id FROM business_entities
      WHERE station_id = $1 AND NOT deleted
        AND ($2::text[] IS NULL OR category = ANY ($2))
        AND ($3::text[] IS NULL OR grid_cell = ANY ($3))
        AND ($4::text[] IS NULL OR risk_level = ANY ($4))
      """;
  private static final String INSPECTORS = """
      SELECT id FROM users WHERE role = 'inspector' AND unit_id = $1 AND ($2::uuid[] IS NULL OR id = ANY ($2))
      """;
  private static final String RECUSALS = "SELECT inspector_id, entity_id FROM recusals WHERE station_id = $1";
  private static final String INSERT = """
      INSERT INTO draws (id, station_id, title, kind, due_on, algorithm, seed, pool, requested, entity_ids,
                         inspector_ids, recusals, picks, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
      """;
  private static final String ONE = """
      SELECT d.*, d.station_id IN (SELECT id FROM unit_subtree($2)) AS visible FROM draws d WHERE d.id = $1
      """;
  private static final String PUBLISHED_ENTITIES = """
      SELECT id, name, credit_code, category, address FROM business_entities WHERE id = ANY ($1)
      """;

  private final Pool pool;
  private final Hints hints;

  public DrawHandlers(Pool pool, Hints hints) {
    this.pool = pool;
    this.hints = hints;
  }

  /** What a dispatcher asks for, checked for shape. */
  private record Request(UUID id, String title, String kind, LocalDate dueOn, int count, byte[] seed,
      JsonObject pool, String[] categories, String[] gridCells, String[] riskLevels, UUID[] inspectorIds) {
  }

  public void create(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    Request request = parse(Bodies.object(ctx));
    pool.withTransaction(conn -> conn.preparedQuery(EXISTING).execute(Tuple.of(request.id())).compose(existing -> {
      if (existing.size() > 0) {
        return existing.iterator().next().getUUID("station_id").equals(actor.unitId())
            ? Future.succeededFuture(new Drawn(false, List.of()))
            : Future.failedFuture(new ApiError(ErrorCode.RECORD_EXISTS, "id", "another draw has this id"));
      }
      return draw(conn, actor, request);
    })).compose(drawn -> {
      hints.send(drawn.recipients());
      return pool.preparedQuery(ONE).execute(Tuple.of(request.id(), actor.unitId()))
          .map(rows -> new Shown(drawn.created(), render(rows.iterator().next())));
    }).onSuccess(shown -> ctx.response().setStatusCode(shown.created() ? 201 : 200)
        .putHeader("Content-Type", "application/json")
        .end(shown.draw().encode()))
        .onFailure(ctx::fail);
  }

  private record Drawn(boolean created, List<Recipient> recipients) {
  }

  private record Shown(boolean created, JsonObject draw) {
  }

  private Future<Drawn> draw(SqlConnection conn, Actor actor, Request request) {
    Future<RowSet<Row>> entities = conn.preparedQuery(ENTITIES).execute(Tuple.tuple().addUUID(actor.unitId())
        .addArrayOfString(request.categories()).addArrayOfString(request.gridCells())
        .addArrayOfString(request.riskLevels()));
    Future<RowSet<Row>> inspectors = conn.preparedQuery(INSPECTORS).execute(Tuple.tuple().addUUID(actor.unitId())
        .addArrayOfUUID(request.inspectorIds()));
    Future<RowSet<Row>> recusals = conn.preparedQuery(RECUSALS).execute(Tuple.of(actor.unitId()));
    return Future.all(entities, inspectors, recusals).compose(read -> {
      List<UUID> entityIds = ids(entities.result());
      List<UUID> inspectorIds = ids(inspectors.result());
      if (request.inspectorIds() != null && inspectorIds.size() < request.inspectorIds().length) {
        return Future.failedFuture(new ApiError(ErrorCode.REFERENCE_NOT_FOUND, "pool.inspectorIds",
            "every inspector of the pool must be an inspector of your station"));
      }
      Set<Draw.Recusal> declared = new HashSet<>();
      JsonArray recusalsUsed = new JsonArray();
      for (Row row : recusals.result()) {
        Draw.Recusal recusal = new Draw.Recusal(row.getUUID("inspector_id"), row.getUUID("entity_id"));
        if (entityIds.contains(recusal.entityId()) && inspectorIds.contains(recusal.inspectorId())) {
          declared.add(recusal);
          recusalsUsed.add(new JsonObject().put("inspectorId", recusal.inspectorId().toString())
              .put("entityId", recusal.entityId().toString()));
        }
      }
      Draw.Result result;
      try {
        result = run(request, entityIds, inspectorIds, declared);
      } catch (ApiError refused) {
        return Future.failedFuture(refused);
      }
      List<AssignmentDraft> drafts = new ArrayList<>();
      JsonArray picks = new JsonArray();
      for (Draw.Pick pick : result.picks()) {
        AssignmentDraft draft = new AssignmentDraft(UUID.randomUUID(), List.of(pick.lead(), pick.second()),
            List.of(pick.entityId()), request.kind(), request.dueOn(), request.title(), true);
        drafts.add(draft);
        picks.add(new JsonObject().put("entityId", pick.entityId().toString())
            .put("inspectorIds", new JsonArray().add(pick.lead().toString()).add(pick.second().toString()))
            .put("assignmentId", draft.id().toString()));
      }
      Tuple row = Tuple.tuple().addUUID(request.id()).addUUID(actor.unitId()).addString(request.title())
          .addString(request.kind()).addLocalDate(request.dueOn()).addString(ALGORITHM)
          .addBuffer(Buffer.buffer(request.seed())).addValue(request.pool()).addInteger(request.count())
          .addArrayOfUUID(entityIds.toArray(UUID[]::new)).addArrayOfUUID(inspectorIds.toArray(UUID[]::new))
          .addValue(recusalsUsed).addValue(picks).addUUID(actor.userId());
      return conn.preparedQuery(INSERT).execute(row)
          .compose(inserted -> Assignments.create(conn, actor, drafts, request.id(), index -> "pool."))
          .compose(written -> AuditLog.record(conn, actor, actor.unitId(), "draw.run", request.id(),
              new JsonObject().put("seed", HexFormat.of().formatHex(request.seed())).put("count", request.count())
                  .put("eligibleEntities", entityIds.size()).put("eligibleInspectors", inspectorIds.size())))
          .compose(audited -> Receipts.sent(conn, drafts.stream().map(AssignmentDraft::id).toList()))
          .map(recipients -> new Drawn(true, recipients));
    });
  }

  /** Runs the draw, turning what makes it impossible into an answer for the dispatcher. */
  private static Draw.Result run(Request request, List<UUID> entityIds, List<UUID> inspectorIds,
      Set<Draw.Recusal> recusals) {
    if (entityIds.size() < request.count()) {
      throw new ApiError(ErrorCode.DRAW_INFEASIBLE, "count", "the pool holds " + entityIds.size()
          + " entities, fewer than the " + request.count() + " asked for");
    }
    if (inspectorIds.size() < 2) {
      throw new ApiError(ErrorCode.DRAW_INFEASIBLE, "pool.inspectorIds", "a draw needs at least two inspectors");
    }
    try {
      return Draw.run(request.seed(), entityIds, inspectorIds, recusals, request.count());
    } catch (Draw.Infeasible infeasible) {
      throw new ApiError(ErrorCode.DRAW_INFEASIBLE, "pool", "entity " + infeasible.entityId()
          + " was drawn but fewer than two inspectors of the pool may inspect it; narrow the pool or review"
          + " the recusals").with("entityId", infeasible.entityId().toString());
    }
  }

  /** {@code GET /draws/{drawId}}: the record, with {@code reproduced} telling whether redoing it gives the same picks. */
  public void get(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID id = Bodies.uuid(ctx.pathParam("drawId"), "drawId");
    visible(id, actor).onSuccess(row -> ctx.json(render(row))).onFailure(ctx::fail);
  }

  /**
   * {@code GET /draws/{drawId}/publication}: what the "one public" part publishes: the entities
   * drawn, the pool's size, the seed and procedure to check it by, and no inspector's identity.
   */
  public void publication(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    UUID id = Bodies.uuid(ctx.pathParam("drawId"), "drawId");
    visible(id, actor).compose(row -> {
      JsonArray picks = (JsonArray) row.getValue("picks");
      UUID[] drawn = picks.stream().map(pick -> UUID.fromString(((JsonObject) pick).getString("entityId")))
          .toArray(UUID[]::new);
      return pool.preparedQuery(PUBLISHED_ENTITIES).execute(Tuple.tuple().addArrayOfUUID(drawn)).map(rows -> {
        Map<UUID, Row> byId = new HashMap<>();
        rows.forEach(entity -> byId.put(entity.getUUID("id"), entity));
        JsonArray entities = new JsonArray();
        for (UUID entityId : drawn) {
          Row entity = byId.get(entityId);
          entities.add(new JsonObject().put("name", entity.getString("name"))
              .put("creditCode", entity.getString("credit_code"))
              .put("category", entity.getString("category"))
              .put("address", entity.getString("address")));
        }
        return new JsonObject()
            .put("title", row.getString("title"))
            .put("kind", row.getString("kind"))
            .put("drawnAt", row.getOffsetDateTime("created_at").toString())
            .put("dueOn", row.getLocalDate("due_on").toString())
            .put("algorithm", row.getString("algorithm"))
            .put("seed", HexFormat.of().formatHex(row.getBuffer("seed").getBytes()))
            .put("eligibleEntities", row.getArrayOfUUIDs("entity_ids").length)
            .put("eligibleInspectors", row.getArrayOfUUIDs("inspector_ids").length)
            .put("inspectorsPerEntity", 2)
            .put("entities", entities);
      });
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<Row> visible(UUID id, Actor actor) {
    return pool.preparedQuery(ONE).execute(Tuple.of(id, actor.unitId())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "drawId", "no such draw"));
      }
      Row row = rows.iterator().next();
      return row.getBoolean("visible")
          ? Future.succeededFuture(row)
          : Future.failedFuture(new ApiError(ErrorCode.FORBIDDEN, "drawId", "this draw belongs to another unit"));
    });
  }

  /** The stored draw, and whether redoing it from its stored inputs gives the stored picks. */
  private static JsonObject render(Row row) {
    byte[] seed = row.getBuffer("seed").getBytes();
    List<UUID> entityIds = List.of(row.getArrayOfUUIDs("entity_ids"));
    List<UUID> inspectorIds = List.of(row.getArrayOfUUIDs("inspector_ids"));
    JsonArray recusals = (JsonArray) row.getValue("recusals");
    JsonArray picks = (JsonArray) row.getValue("picks");
    Set<Draw.Recusal> declared = new HashSet<>();
    recusals.forEach(item -> declared.add(new Draw.Recusal(UUID.fromString(((JsonObject) item).getString("inspectorId")),
        UUID.fromString(((JsonObject) item).getString("entityId")))));
    Draw.Result again = Draw.run(seed, entityIds, inspectorIds, declared, row.getInteger("requested"));
    boolean reproduced = again.picks().size() == picks.size();
    for (int i = 0; reproduced && i < picks.size(); i++) {
      JsonObject stored = picks.getJsonObject(i);
      Draw.Pick pick = again.picks().get(i);
      reproduced = stored.getString("entityId").equals(pick.entityId().toString())
          && stored.getJsonArray("inspectorIds").equals(new JsonArray().add(pick.lead().toString())
              .add(pick.second().toString()));
    }
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("stationId", row.getUUID("station_id").toString())
        .put("title", row.getString("title"))
        .put("kind", row.getString("kind"))
        .put("dueOn", row.getLocalDate("due_on").toString())
        .put("algorithm", row.getString("algorithm"))
        .put("seed", HexFormat.of().formatHex(seed))
        .put("pool", row.getValue("pool"))
        .put("count", row.getInteger("requested"))
        .put("inputs", new JsonObject()
            .put("entityIds", AssignmentDraft.strings(entityIds))
            .put("inspectorIds", AssignmentDraft.strings(inspectorIds))
            .put("recusals", recusals))
        .put("picks", picks)
        .put("reproduced", reproduced)
        .put("createdBy", row.getUUID("created_by").toString())
        .put("createdAt", row.getOffsetDateTime("created_at").toString());
  }

  private static Request parse(JsonObject body) {
    Bodies.onlyKnown(body, FIELDS, "");
    UUID id = body.getValue("id") == null ? UUID.randomUUID() : Bodies.uuid(Bodies.requiredString(body, "id", "id"), "id");
    String title = Bodies.requiredString(body, "title", "title");
    String kind = body.getValue("kind") == null ? "campaign" : Bodies.requiredString(body, "kind", "kind");
    if (!AssignmentDraft.KINDS.contains(kind)) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "kind", "kind must be one of " + String.join(", ", AssignmentDraft.KINDS));
    }
    LocalDate dueOn = Dates.parse(Bodies.requiredString(body, "dueOn", "dueOn"), ErrorCode.FIELD_INVALID, "dueOn");
    int count = Bodies.requiredInt(body, "count", "count", 1, MAX_COUNT);
    byte[] seed = body.getValue("seed") == null ? freshSeed() : seed(Bodies.requiredString(body, "seed", "seed"));
    JsonObject poolJson = body.getValue("pool") == null ? new JsonObject() : poolObject(body);
    Bodies.onlyKnown(poolJson, POOL_FIELDS, "pool.");
    return new Request(id, title, kind, dueOn, count, seed, poolJson,
        words(poolJson, "categories"), words(poolJson, "gridCells"), words(poolJson, "riskLevels"),
        poolJson.getValue("inspectorIds") == null ? null
            : Bodies.uuids(poolJson, "inspectorIds", "pool.inspectorIds", 2, 1000).toArray(UUID[]::new));
  }

  private static JsonObject poolObject(JsonObject body) {
    if (!(body.getValue("pool") instanceof JsonObject poolJson)) {
      throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, "pool", "pool must be an object");
    }
    return poolJson;
  }

  /** An optional filter: absent means any; present, 1 to 100 non-blank strings. */
  private static String[] words(JsonObject poolJson, String name) {
    if (poolJson.getValue(name) == null) {
      return null;
    }
    String path = "pool." + name;
    JsonArray raw = Bodies.requiredArray(poolJson, name, path);
    if (raw.isEmpty() || raw.size() > 100) {
      throw new ApiError(ErrorCode.FIELD_INVALID, path, path + " must hold 1 to 100 values, or be left out");
    }
    String[] words = new String[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.getValue(i) instanceof String word) || word.isBlank() || word.length() > 100) {
        throw new ApiError(ErrorCode.FIELD_INVALID, path + "[" + i + "]", path + "[" + i + "] must be a non-blank string");
      }
      words[i] = word;
    }
    return words;
  }

  private static byte[] seed(String hex) {
    int bytes = hex.length() / 2;
    if (hex.length() % 2 != 0 || bytes < DrawRandom.MIN_SEED_BYTES || bytes > DrawRandom.MAX_SEED_BYTES
        || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "seed", "seed must be " + DrawRandom.MIN_SEED_BYTES + " to "
          + DrawRandom.MAX_SEED_BYTES + " bytes written as hexadecimal digits");
    }
    return HexFormat.of().parseHex(hex);
  }

  private static byte[] freshSeed() {
    byte[] seed = new byte[32];
    SEEDS.nextBytes(seed);
    return seed;
  }

  /** The ids in the draw's canonical order, so the recorded and published inputs read as the draw used them. */
  private static List<UUID> ids(RowSet<Row> rows) {
    List<UUID> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getUUID("id")));
    ids.sort(Comparator.comparing(UUID::toString));
    return ids;
  }
}
