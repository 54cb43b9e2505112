package org.inspectsync.server.sync;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;
import org.inspectsync.server.records.Field;
import org.inspectsync.server.records.FieldKind;
import org.inspectsync.server.records.RecordSchema;
import org.inspectsync.server.records.RecordSql;
import org.inspectsync.server.records.RecordSql.Statement;
import org.inspectsync.server.records.Rejection;
import org.inspectsync.server.records.StatusRule;

/**
 * Decides, mutation by mutation and in order, what a batch does: which statements to run and
 * what to answer for each mutation. Pure: it sees the database only through the records the
 * service fetched beforehand, and keeps that view current as the batch creates and deletes, so
 * a mutation may refer to a record created earlier in the same batch.
 */
public final class BatchPlanner {

  /** What the batch will do. */
  public record Plan(List<MutationResult> results, List<Rejected> rejections, List<Statement> statements,
      Set<UUID> assignmentsToAdvance) {
  }

  /** A rejection to record, so a replay gets the same answer. */
  public record Rejected(long seq, Rejection rejection) {
  }

  private final Actor actor;
  private final Map<KnownRecord.Key, KnownRecord> known;
  private final List<MutationResult> results = new ArrayList<>();
  private final List<Rejected> rejections = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();
  private final Set<UUID> assignmentsToAdvance = new LinkedHashSet<>();

  private BatchPlanner(Actor actor, Map<KnownRecord.Key, KnownRecord> known) {
    this.actor = actor;
    this.known = known;
  }

  public static Plan plan(Actor actor, List<DecodedMutation> mutations, Map<KnownRecord.Key, KnownRecord> known) {
    BatchPlanner planner = new BatchPlanner(actor, new LinkedHashMap<>(known));
    for (DecodedMutation mutation : mutations) {
      planner.apply(mutation);
    }
    return new Plan(planner.results, planner.rejections, planner.statements, planner.assignmentsToAdvance);
  }

  private void apply(DecodedMutation mutation) {
    try {
      if (mutation.isRejected()) {
        throw new Rejection.Failure(mutation.rejection().code(), mutation.rejection().field(),
            mutation.rejection().message());
      }
      RecordSchema schema = RecordSchema.of(mutation.type());
      switch (mutation.op()) {
        case CREATE -> create(schema, mutation);
        case UPDATE -> update(schema, mutation);
        case DELETE -> delete(schema, mutation);
      }
      results.add(new MutationResult(mutation.seq(), MutationResult.Status.applied, null, null, null));
    } catch (Rejection.Failure failure) {
      Rejection rejection = failure.rejection();
      rejections.add(new Rejected(mutation.seq(), rejection));
      results.add(new MutationResult(mutation.seq(), MutationResult.Status.rejected, rejection.code().name(),
          rejection.field(), rejection.message()));
    }
  }

  private void create(RecordSchema schema, DecodedMutation mutation) {
    if (known.containsKey(new KnownRecord.Key(mutation.type(), mutation.id()))) {
      throw new Rejection.Failure(ErrorCode.RECORD_EXISTS, "id", "a record of type " + mutation.type().wireName()
          + " with this id already exists");
    }
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("id", mutation.id());
    columns.put("station_id", actor.unitId());
    columns.put("created_by", actor.userId());
    columns.put("updated_by", actor.userId());
    UUID entityId = null;
    for (Map.Entry<Field, Object> value : mutation.values().entrySet()) {
      Field field = value.getKey();
      if (field.kind() == FieldKind.REFERENCE && value.getValue() != null) {
        KnownRecord target = referenced(field, (UUID) value.getValue());
        if (target.type() == RecordType.ENTITY) {
          entityId = target.id();
        } else if (target.type() == RecordType.CHECK) {
          entityId = target.entityId();
        }
      }
      if (field.kind() != FieldKind.CHECKLIST) {
        columns.put(field.column(), value.getValue());
      }
    }
    switch (mutation.type()) {
      case CHECK -> columns.put("inspector_id", actor.userId());
      case FINDING, NOTICE -> columns.put("entity_id", entityId);
      default -> {
      }
    }
    statements.add(RecordSql.insert(schema, columns));
    JsonArray checklist = checklist(schema, mutation);
    if (checklist != null) {
      statements.addAll(RecordSql.replaceChecklist(mutation.id(), checklist, true));
    }
    Object assignment = mutation.values().get(schema.field("assignmentId"));
    if (assignment != null) {
      assignmentsToAdvance.add((UUID) assignment);
    }
    Object status = schema.field("status") == null ? null : mutation.values().get(schema.field("status"));
    known.put(new KnownRecord.Key(mutation.type(), mutation.id()), new KnownRecord(mutation.type(), mutation.id(),
        actor.unitId(), false, entityId, status == null ? initialStatus(schema) : (String) status, null));
  }

  private void update(RecordSchema schema, DecodedMutation mutation) {
    KnownRecord record = existing(mutation);
    Map<String, Object> columns = new LinkedHashMap<>();
    for (Map.Entry<Field, Object> value : mutation.values().entrySet()) {
      Field field = value.getKey();
      if (field.kind() == FieldKind.REFERENCE && value.getValue() != null) {
        referenced(field, (UUID) value.getValue());
      }
      if (field.kind() == FieldKind.STATUS) {
        String requested = (String) value.getValue();
        StatusRule.Outcome outcome = requested == null
            ? StatusRule.Outcome.REFUSE
            : StatusRule.decide(field.words(), record.status(), requested);
        if (outcome == StatusRule.Outcome.REFUSE) {
          throw new Rejection.Failure(ErrorCode.STATUS_TRANSITION_INVALID, "data." + field.name(),
              "this " + mutation.type().wireName() + " is " + record.status() + " and cannot move to " + requested);
        }
        if (outcome == StatusRule.Outcome.KEEP) {
          continue;
        }
        record = record.withStatus(requested);
      }
      if (field.kind() != FieldKind.CHECKLIST) {
        columns.put(field.column(), value.getValue());
      }
    }
    JsonArray checklist = checklist(schema, mutation);
    if (columns.isEmpty() && checklist == null) {
      return;
    }
    columns.put("updated_by", actor.userId());
    statements.add(RecordSql.update(schema, mutation.id(), columns));
    if (checklist != null) {
      statements.addAll(RecordSql.replaceChecklist(mutation.id(), checklist, false));
    }
    known.put(record.key(), record);
  }

  private void delete(RecordSchema schema, DecodedMutation mutation) {
    KnownRecord record = known.get(new KnownRecord.Key(mutation.type(), mutation.id()));
    if (record == null) {
      throw new Rejection.Failure(ErrorCode.RECORD_NOT_FOUND, "id", "no " + mutation.type().wireName() + " with this id");
    }
    checkScope(record);
    if (record.deleted()) {
      return;
    }
    statements.add(RecordSql.delete(schema, mutation.id(), actor.userId()));
    known.put(record.key(), record.withDeleted());
  }

  /** The live record an update applies to, in the caller's scope. */
  private KnownRecord existing(DecodedMutation mutation) {
    KnownRecord record = known.get(new KnownRecord.Key(mutation.type(), mutation.id()));
    if (record == null || record.deleted()) {
      throw new Rejection.Failure(ErrorCode.RECORD_NOT_FOUND, "id", "no " + mutation.type().wireName() + " with this id");
    }
    checkScope(record);
    return record;
  }

  private void checkScope(KnownRecord record) {
    boolean otherStation = !record.stationId().equals(actor.unitId());
    boolean someoneElsesAssignment = record.type() == RecordType.ASSIGNMENT && actor.role() == Role.inspector
        && !actor.userId().equals(record.ownerId());
    if (otherStation || someoneElsesAssignment) {
      throw new Rejection.Failure(ErrorCode.OUT_OF_SCOPE, "id", "this " + record.type().wireName()
          + " is outside your scope");
    }
  }

  /** A referenced record must exist, be live, and belong to the caller's station. */
  private KnownRecord referenced(Field field, UUID id) {
    KnownRecord target = known.get(new KnownRecord.Key(field.references(), id));
    if (target == null || target.deleted() || !target.stationId().equals(actor.unitId())) {
      throw new Rejection.Failure(ErrorCode.REFERENCE_NOT_FOUND, "data." + field.name(),
          "no " + field.references().wireName() + " " + id + " in your station");
    }
    if (target.type() == RecordType.ASSIGNMENT && actor.role() == Role.inspector
        && !actor.userId().equals(target.ownerId())) {
      throw new Rejection.Failure(ErrorCode.OUT_OF_SCOPE, "data." + field.name(),
          "this assignment belongs to another inspector");
    }
    return target;
  }

  private static JsonArray checklist(RecordSchema schema, DecodedMutation mutation) {
    Field items = schema.field("items");
    if (items == null || !mutation.values().containsKey(items)) {
      return null;
    }
    Object value = mutation.values().get(items);
    return value == null ? new JsonArray() : (JsonArray) value;
  }

  private static String initialStatus(RecordSchema schema) {
    Field status = schema.field("status");
    return status == null ? null : status.words().get(0);
  }
}
