package org.inspectsync.server.sync;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.conflicts.Author;
import org.inspectsync.server.conflicts.ConflictRecord;
import org.inspectsync.server.conflicts.FieldMerge;
import org.inspectsync.server.conflicts.FieldState;
import org.inspectsync.server.conflicts.Values;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;
import org.inspectsync.server.notices.NoticeNumber;
import org.inspectsync.server.notices.NoticeNumbers;
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

  /**
   * What the batch will do.
   *
   * @param conflicts values that lost, to keep for review
   * @param retractions ids of conflict records whose value won again, to remove
   */
  public record Plan(List<MutationResult> results, List<Statement> statements, Set<UUID> assignmentsToAdvance,
      Set<UUID> assignmentsSeen, List<ConflictRecord> conflicts, List<UUID> retractions, List<Parked> parked, List<KnownRecord.Key> created) {

    /** The results a replay must be answered from: all but plain applications. */
    public List<MutationResult> worthRecording() {
      return results.stream().filter(result -> !result.applied() || result.conflicts() != null).toList();
    }
  }

  /** A mutation that waits for a record that has not reached the server yet. */
  public record Parked(DecodedMutation mutation, RecordType waitingType, UUID waitingId) {
  }

  /** Thrown when a mutation needs a record the server has never seen: it is parked, not rejected. */
  private static final class Waits extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final transient KnownRecord.Key waitingFor;

    Waits(String field, KnownRecord.Key waitingFor) {
      super(null, null, false, false);
      this.field = field;
      this.waitingFor = waitingFor;
    }
  }

  private final Actor actor;
  private final Map<KnownRecord.Key, KnownRecord> known;
  private final NoticeNumbers numbers;
  private final List<MutationResult> results = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();
  private final Set<UUID> assignmentsToAdvance = new LinkedHashSet<>();
  /** Assignments whose progress the device reported: its officer has seen them. */
  private final Set<UUID> assignmentsSeen = new LinkedHashSet<>();
  private final List<ConflictRecord> conflicts = new ArrayList<>();
  private final List<UUID> retractions = new ArrayList<>();
  private final List<Parked> parked = new ArrayList<>();
  /** Creates this batch rejected: what refers to them fails too, rather than wait for them. */
  private final Set<KnownRecord.Key> rejectedCreates = new HashSet<>();
  private final List<KnownRecord.Key> created = new ArrayList<>();

  private BatchPlanner(Actor actor, Map<KnownRecord.Key, KnownRecord> known, NoticeNumbers numbers) {
    this.actor = actor;
    this.known = known;
    this.numbers = numbers;
  }

  public static Plan plan(Actor actor, List<DecodedMutation> mutations, Map<KnownRecord.Key, KnownRecord> known) {
    return plan(actor, mutations, known, NoticeNumbers.none());
  }

  /**
   * @param numbers the notice-number blocks leased to the device and the numbers of the batch
   *     already on notices
   */
  public static Plan plan(Actor actor, List<DecodedMutation> mutations, Map<KnownRecord.Key, KnownRecord> known,
      NoticeNumbers numbers) {
    BatchPlanner planner = new BatchPlanner(actor, new LinkedHashMap<>(known), numbers);
    for (DecodedMutation mutation : mutations) {
      planner.apply(mutation);
    }
    return new Plan(planner.results, planner.statements, planner.assignmentsToAdvance, planner.assignmentsSeen,
        planner.conflicts,
        planner.retractions, planner.parked, planner.created);
  }

  private void apply(DecodedMutation mutation) {
    try {
      if (mutation.isRejected()) {
        throw new Rejection.Failure(mutation.rejection().code(), mutation.rejection().field(),
            mutation.rejection().message());
      }
      RecordSchema schema = RecordSchema.of(mutation.type());
      List<String> lost = switch (mutation.op()) {
        case CREATE -> create(schema, mutation);
        case UPDATE -> update(schema, mutation);
        case DELETE -> delete(schema, mutation);
      };
      results.add(MutationResult.applied(mutation.seq(), lost));
      if (mutation.type() == RecordType.ASSIGNMENT) {
        assignmentsSeen.add(mutation.id());
      }
    } catch (Rejection.Failure failure) {
      if (mutation.op() == Operation.CREATE) {
        rejectedCreates.add(new KnownRecord.Key(mutation.type(), mutation.id()));
      }
      Rejection rejection = failure.rejection();
      results.add(MutationResult.rejected(mutation.seq(), rejection.code().name(), rejection.field(),
          rejection.message()));
    } catch (Waits waits) {
      if (rejectedCreates.contains(waits.waitingFor)) {
        results.add(MutationResult.rejected(mutation.seq(), ErrorCode.REFERENCE_NOT_FOUND.name(), waits.field,
            "the " + waits.waitingFor.type().wireName() + " it needs was rejected earlier in this batch"));
        if (mutation.op() == Operation.CREATE) {
          rejectedCreates.add(new KnownRecord.Key(mutation.type(), mutation.id()));
        }
        return;
      }
      parked.add(new Parked(mutation, waits.waitingFor.type(), waits.waitingFor.id()));
      results.add(MutationResult.parked(mutation.seq(), waits.field, "waits for " + waits.waitingFor.type().wireName()
          + " " + waits.waitingFor.id() + ", which has not reached the server yet; it is applied when it arrives"));
    }
  }

  private Author author(DecodedMutation mutation) {
    return new Author(actor.userId(), actor.deviceId(), Author.rankOf(actor.role()), mutation.seq(),
        mutation.recordedAt());
  }

  private List<String> create(RecordSchema schema, DecodedMutation mutation) {
    if (known.containsKey(new KnownRecord.Key(mutation.type(), mutation.id()))) {
      throw new Rejection.Failure(ErrorCode.RECORD_EXISTS, "id", "a record of type " + mutation.type().wireName()
          + " with this id already exists");
    }
    Author author = author(mutation);
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("id", mutation.id());
    columns.put("station_id", actor.unitId());
    columns.put("created_by", actor.userId());
    columns.put("updated_by", actor.userId());
    UUID entityId = null;
    JsonObject data = new JsonObject();
    JsonObject states = new JsonObject();
    KnownRecord superseded = null;
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
      if (field.kind() == FieldKind.SUPERSEDES && value.getValue() != null) {
        superseded = supersedable(field, (UUID) value.getValue());
      }
      if (field.kind() != FieldKind.CHECKLIST) {
        columns.put(field.column(), RecordSql.columnValue(field, value.getValue()));
      }
      data.put(field.name(), Values.toJson(value.getValue()));
      states.put(field.name(), new FieldState(1, List.of(author), List.of()).toJson());
    }
    switch (mutation.type()) {
      case CHECK -> columns.put("inspector_id", actor.userId());
      case FINDING, NOTICE -> columns.put("entity_id", entityId);
      default -> {
      }
    }
    if (mutation.type() == RecordType.NOTICE) {
      takeNoticeNumber(mutation);
    }
    columns.put("field_stamps", states);
    statements.add(RecordSql.insert(schema, columns));
    created.add(new KnownRecord.Key(mutation.type(), mutation.id()));
    if (superseded != null) {
      markSuperseded(schema, superseded, mutation.id());
    }
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
        actor.unitId(), false, entityId, status == null ? initialStatus(schema) : (String) status, null, 1, data,
        states));
    return List.of();
  }

  /**
   * Each field merges on its own against the version the phone started from (see
   * {@link FieldMerge}); statuses only move forward. Returns the fields whose value lost.
   */
  private List<String> update(RecordSchema schema, DecodedMutation mutation) {
    KnownRecord record = known.get(new KnownRecord.Key(mutation.type(), mutation.id()));
    if (record == null) {
      throw new Waits("id", new KnownRecord.Key(mutation.type(), mutation.id()));
    }
    checkScope(record);
    Author author = author(mutation);
    if (record.deleted()) {
      // The record went while this phone was editing it: the edit is kept for review, not dropped.
      List<String> fields = new ArrayList<>();
      for (Map.Entry<Field, Object> value : mutation.values().entrySet()) {
        conflicts.add(new ConflictRecord(record.type(), record.id(), "edit_of_deleted", value.getKey().name(),
            Values.toJson(value.getValue()), author));
        fields.add(value.getKey().name());
      }
      return fields;
    }
    refuseDocumentEdits(record, mutation);
    int newVersion = record.version() + 1;
    Map<String, Object> columns = new LinkedHashMap<>();
    JsonObject data = record.data().copy();
    JsonObject states = record.fieldStates().copy();
    List<String> lost = new ArrayList<>();
    // Kept aside until every field has passed: a refusal on a later field leaves no trace.
    List<ConflictRecord> lostValues = new ArrayList<>();
    List<UUID> takenBack = new ArrayList<>();
    JsonArray checklist = null;
    boolean merged = false;
    for (Map.Entry<Field, Object> value : mutation.values().entrySet()) {
      Field field = value.getKey();
      if (field.kind() == FieldKind.REFERENCE && value.getValue() != null) {
        referenced(field, (UUID) value.getValue());
      }
      if (field.kind() == FieldKind.STATUS) {
        String requested = (String) value.getValue();
        StatusRule.Outcome outcome = StatusRule.decide(field.words(), record.status(), requested);
        if (outcome == StatusRule.Outcome.REFUSE) {
          throw new Rejection.Failure(ErrorCode.STATUS_TRANSITION_INVALID, "data." + field.name(),
              "this " + mutation.type().wireName() + " is " + record.status() + " and cannot move to " + requested);
        }
        if (outcome == StatusRule.Outcome.ADVANCE) {
          record = record.withStatus(requested);
          columns.put(field.column(), requested);
          data.put(field.name(), requested);
        }
        continue;
      }
      Object current = data.getValue(field.name());
      if (field.kind() == FieldKind.HASHES || field.kind() == FieldKind.NOTES) {
        // Append-only sets merge by union: whatever the order, every phone's additions stay.
        JsonArray union = Values.union(field.kind(), (JsonArray) current, (JsonArray) value.getValue());
        if (!union.equals(current)) {
          data.put(field.name(), union);
          columns.put(field.column(), RecordSql.columnValue(field, union));
        }
        continue;
      }
      Object incoming = Values.toJson(value.getValue());
      FieldMerge.Result result = FieldMerge.merge(current, FieldState.fromJson(states.getJsonObject(field.name())),
          incoming, mutation.baseVersion(), author, newVersion, (a, b) -> Values.same(field.kind(), a, b));
      states.put(field.name(), result.state().toJson());
      merged = true;
      if (!Values.same(field.kind(), result.value(), current)) {
        data.put(field.name(), incoming);
        if (field.kind() == FieldKind.CHECKLIST) {
          checklist = value.getValue() == null ? new JsonArray() : (JsonArray) value.getValue();
        } else {
          columns.put(field.column(), RecordSql.columnValue(field, value.getValue()));
        }
      }
      for (FieldState.Lost loser : result.added()) {
        lostValues.add(new ConflictRecord(record.type(), record.id(), "field", field.name(), loser.value(),
            loser.author()));
        if (loser.author().equals(author)) {
          lost.add(field.name());
        }
      }
      for (FieldState.Lost taken : result.retracted()) {
        takenBack.add(new ConflictRecord(record.type(), record.id(), "field", field.name(), taken.value(),
            taken.author()).id());
      }
    }
    conflicts.addAll(lostValues);
    retractions.addAll(takenBack);
    if (columns.isEmpty() && checklist == null && !merged) {
      return lost;
    }
    if (merged) {
      columns.put("field_stamps", states);
    }
    columns.put("updated_by", actor.userId());
    statements.add(RecordSql.update(schema, mutation.id(), columns));
    if (checklist != null) {
      statements.addAll(RecordSql.replaceChecklist(mutation.id(), checklist, false));
    }
    known.put(record.key(), record.written(data, states));
    return lost;
  }

  /**
   * A delete applies unless someone else changed the record after the version the deleting phone
   * saw: then the edit wins, the record stays, and the delete is kept for review.
   */
  private List<String> delete(RecordSchema schema, DecodedMutation mutation) {
    KnownRecord record = known.get(new KnownRecord.Key(mutation.type(), mutation.id()));
    if (record == null) {
      throw new Waits("id", new KnownRecord.Key(mutation.type(), mutation.id()));
    }
    checkScope(record);
    if (record.deleted()) {
      return List.of();
    }
    if (isDocument(record)) {
      throw documentImmutable(record, "op");
    }
    Author author = author(mutation);
    if (editedSince(record, mutation.baseVersion(), author)) {
      conflicts.add(new ConflictRecord(record.type(), record.id(), "delete", null, null, author));
      return List.of("deleted");
    }
    statements.add(RecordSql.delete(schema, mutation.id(), actor.userId()));
    known.put(record.key(), record.withDeleted());
    return List.of();
  }

  /**
   * A signed check and an issued notice are legal documents: what they say is never changed in
   * place. A correction is a new record that names the old one in {@code supersedes}; both stay.
   */
  private static void refuseDocumentEdits(KnownRecord record, DecodedMutation mutation) {
    if (!isDocument(record)) {
      return;
    }
    for (Map.Entry<Field, Object> value : mutation.values().entrySet()) {
      Field field = value.getKey();
      boolean unsigning = field.name().equals("signed") && !Boolean.TRUE.equals(value.getValue());
      if (field.partOfDocument() || unsigning) {
        throw documentImmutable(record, "data." + field.name());
      }
    }
  }

  private static boolean isDocument(KnownRecord record) {
    return record.type() == RecordType.NOTICE
        || (record.type() == RecordType.CHECK && Boolean.TRUE.equals(record.data().getValue("signed")));
  }

  private static Rejection.Failure documentImmutable(KnownRecord record, String field) {
    String what = record.type() == RecordType.NOTICE ? "an issued notice" : "a signed check";
    return new Rejection.Failure(ErrorCode.DOCUMENT_IMMUTABLE, field,
        "this is " + what + ", a legal document: it is never changed or deleted; create a new version that supersedes it");
  }

  /** A notice's official number must come from a block leased to this device, and be unused. */
  private void takeNoticeNumber(DecodedMutation mutation) {
    RecordSchema schema = RecordSchema.of(RecordType.NOTICE);
    String text = (String) mutation.values().get(schema.field("noticeNumber"));
    if (text == null) {
      return;
    }
    NoticeNumber number = NoticeNumber.parse(text);
    LocalDate issuedOn = (LocalDate) mutation.values().get(schema.field("issuedOn"));
    if (number == null || number.year() != issuedOn.getYear()) {
      throw new Rejection.Failure(ErrorCode.FIELD_INVALID, "data.noticeNumber",
          "data.noticeNumber must be YYYY-NNNNN of the year of issuedOn, from a leased block");
    }
    switch (numbers.take(number)) {
      case NOT_LEASED -> throw new Rejection.Failure(ErrorCode.NOTICE_NUMBER_NOT_LEASED, "data.noticeNumber",
          number + " is not in a block of numbers leased to this device");
      case USED -> throw new Rejection.Failure(ErrorCode.NOTICE_NUMBER_USED, "data.noticeNumber",
          number + " is on another notice already");
      case OK -> {
      }
    }
  }

  /** The live document of the caller's station that a new version may supersede. */
  private KnownRecord supersedable(Field field, UUID id) {
    KnownRecord old = known.get(new KnownRecord.Key(field.references(), id));
    if (old == null) {
      throw new Waits("data." + field.name(), new KnownRecord.Key(field.references(), id));
    }
    if (old.deleted() || !old.stationId().equals(actor.unitId())) {
      throw new Rejection.Failure(ErrorCode.REFERENCE_NOT_FOUND, "data." + field.name(),
          "no " + field.references().wireName() + " " + id + " in your station");
    }
    if (old.data().getValue("supersededBy") != null) {
      throw new Rejection.Failure(ErrorCode.DOCUMENT_SUPERSEDED, "data." + field.name(),
          "this " + field.references().wireName() + " has been superseded already by " + old.data().getValue("supersededBy"));
    }
    return old;
  }

  private void markSuperseded(RecordSchema schema, KnownRecord old, UUID newVersion) {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("superseded_by", newVersion);
    columns.put("updated_by", actor.userId());
    statements.add(RecordSql.update(schema, old.id(), columns));
    known.put(old.key(), old.written(old.data().copy().put("supersededBy", newVersion.toString()), old.fieldStates()));
  }

  private static boolean editedSince(KnownRecord record, int baseVersion, Author deleter) {
    for (String name : record.fieldStates().fieldNames()) {
      FieldState state = FieldState.fromJson(record.fieldStates().getJsonObject(name));
      if (state.version() > baseVersion && state.holders().stream().anyMatch(holder -> !holder.sameDevice(deleter))) {
        return true;
      }
    }
    return false;
  }

  private void checkScope(KnownRecord record) {
    boolean otherStation = !record.stationId().equals(actor.unitId());
    boolean someoneElsesAssignment = record.type() == RecordType.ASSIGNMENT && actor.role() == Role.inspector
        && !record.assignees().contains(actor.userId());
    if (otherStation || someoneElsesAssignment) {
      throw new Rejection.Failure(ErrorCode.OUT_OF_SCOPE, "id", "this " + record.type().wireName()
          + " is outside your scope");
    }
  }

  /** A referenced record must exist, be live, and belong to the caller's station. */
  private KnownRecord referenced(Field field, UUID id) {
    KnownRecord target = known.get(new KnownRecord.Key(field.references(), id));
    if (target == null) {
      throw new Waits("data." + field.name(), new KnownRecord.Key(field.references(), id));
    }
    if (target.deleted() || !target.stationId().equals(actor.unitId())) {
      throw new Rejection.Failure(ErrorCode.REFERENCE_NOT_FOUND, "data." + field.name(),
          "no " + field.references().wireName() + " " + id + " in your station");
    }
    if (target.type() == RecordType.ASSIGNMENT && actor.role() == Role.inspector
        && !target.assignees().contains(actor.userId())) {
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
