package org.inspectsync.server.records;

import java.util.List;
import java.util.Set;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.RecordType;

/**
 * What a record type looks like on the wire and in its table, and which operations phones may
 * send for it.
 */
public record RecordSchema(RecordType type, String table, List<Field> fields, Set<Operation> phoneOperations) {

  /** The field with this wire name, or null. */
  public Field field(String name) {
    for (Field field : fields) {
      if (field.name().equals(name)) {
        return field;
      }
    }
    return null;
  }

  public static RecordSchema of(RecordType type) {
    return switch (type) {
      case ENTITY -> Schemas.ENTITY;
      case ASSIGNMENT -> Schemas.ASSIGNMENT;
      case CHECK -> Schemas.CHECK;
      case FINDING -> Schemas.FINDING;
      case NOTICE -> Schemas.NOTICE;
    };
  }

  /** The five synced record types. Documented field by field in docs/PROTOCOL.md. */
  private static final class Schemas {

    static final Set<Operation> ALL = Set.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE);

    static final RecordSchema ENTITY = new RecordSchema(RecordType.ENTITY, "business_entities", List.of(
        Field.text("name", "name", 200).mustBeGiven(),
        Field.creditCode("creditCode", "credit_code").mustBeGiven(),
        Field.text("address", "address", 500),
        Field.oneOf("category", "category",
            "market_stall", "food_stall", "restaurant", "supermarket", "manufacturer", "other").mustBeGiven(),
        Field.text("gridCell", "grid_cell", 50),
        Field.number("latitude", "latitude", -90, 90),
        Field.number("longitude", "longitude", -180, 180),
        Field.oneOf("riskLevel", "risk_level", "low", "medium", "high").neverNull()), ALL);

    /** Dispatchers write assignments over their own API; phones only report progress. */
    static final RecordSchema ASSIGNMENT = new RecordSchema(RecordType.ASSIGNMENT, "assignments", List.of(
        Field.readOnly("inspectorIds", "inspector_ids"),
        Field.readOnly("entityIds", "entity_ids"),
        Field.readOnly("kind", "kind"),
        Field.readOnly("dueOn", "due_on"),
        Field.readOnly("note", "note"),
        Field.readOnly("enforcement", "enforcement"),
        Field.readOnly("drawId", "draw_id"),
        Field.readOnly("noticeId", "notice_id"),
        Field.status("status", "status", "sent", "seen", "started", "done")), Set.of(Operation.UPDATE));

    /** Once signed by the entity's representative, a check is a legal document: see {@link Field#ofDocument()}. */
    static final RecordSchema CHECK = new RecordSchema(RecordType.CHECK, "market_checks", List.of(
        Field.reference("entityId", "entity_id", RecordType.ENTITY).mustBeGiven().fixedOnceCreated().ofDocument(),
        Field.reference("assignmentId", "assignment_id", RecordType.ASSIGNMENT).fixedOnceCreated().ofDocument(),
        Field.readOnly("inspectorId", "inspector_id"),
        Field.timestamp("performedAt", "performed_at").ofDocument(),
        Field.number("latitude", "latitude", -90, 90).ofDocument(),
        Field.number("longitude", "longitude", -180, 180).ofDocument(),
        Field.oneOf("outcome", "outcome", "passed", "hazards_found", "not_operating").mustBeGiven().ofDocument(),
        Field.text("remarks", "remarks", 4000).ofDocument(),
        Field.checklist("items").ofDocument(),
        Field.bool("signed", "signed"),
        Field.hash("signature", "signature").ofDocument(),
        Field.hashes("photos", "photos"),
        Field.readOnly("evidencePending", "evidence_pending"),
        Field.supersedes("supersedes", "supersedes", RecordType.CHECK),
        Field.readOnly("supersededBy", "superseded_by")), ALL);

    static final RecordSchema FINDING = new RecordSchema(RecordType.FINDING, "hazard_findings", List.of(
        Field.reference("checkId", "check_id", RecordType.CHECK).mustBeGiven().fixedOnceCreated(),
        Field.readOnly("entityId", "entity_id"),
        Field.oneOf("category", "category", "food_safety", "hygiene", "licensing", "labelling",
            "weights_and_measures", "fire_safety", "other").mustBeGiven(),
        Field.oneOf("severity", "severity", "low", "medium", "high", "critical").mustBeGiven(),
        Field.text("description", "description", 4000),
        Field.status("status", "status", "found", "ordered", "rectified", "closed"),
        Field.hashes("photos", "photos"),
        Field.readOnly("evidencePending", "evidence_pending"),
        Field.notes("notes", "notes")), ALL);

    /** Issued on the spot, a notice is a legal document from its creation: see {@link Field#ofDocument()}. */
    static final RecordSchema NOTICE = new RecordSchema(RecordType.NOTICE, "rectification_notices", List.of(
        Field.reference("checkId", "check_id", RecordType.CHECK).mustBeGiven().fixedOnceCreated().ofDocument(),
        Field.readOnly("entityId", "entity_id"),
        Field.text("noticeNumber", "notice_number", 50).ofDocument(),
        Field.text("requiredActions", "required_actions", 4000).mustBeGiven().ofDocument(),
        Field.date("issuedOn", "issued_on").mustBeGiven().ofDocument(),
        Field.integer("deadlineDays", "deadline_days", 1, 365).mustBeGiven().ofDocument(),
        Field.readOnly("dueOn", "due_on"),
        Field.status("status", "status", "issued", "rectified", "verified"),
        Field.hash("signature", "signature").ofDocument(),
        Field.hashes("photos", "photos"),
        Field.readOnly("evidencePending", "evidence_pending"),
        Field.notes("notes", "notes"),
        Field.supersedes("supersedes", "supersedes", RecordType.NOTICE),
        Field.readOnly("supersededBy", "superseded_by")), ALL);

    private Schemas() {
    }
  }
}
