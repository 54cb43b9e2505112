package org.inspectsync.server.assignments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;
import org.inspectsync.server.http.Dates;

/**
 * One assignment as a dispatcher writes it, checked for shape. Whether its inspectors and entities
 * exist in the dispatcher's station is checked against the database by {@link Assignments}.
 *
 * @param enforcement a law-enforcement check, which needs at least two officers present
 */
public record AssignmentDraft(UUID id, List<UUID> inspectorIds, List<UUID> entityIds, String kind, LocalDate dueOn,
    String note, boolean enforcement) {

  public static final List<String> KINDS = List.of("routine", "campaign", "complaint", "reinspection");
  static final int MAX_INSPECTORS = 10;
  static final int MAX_ENTITIES = 200;
  static final Set<String> FIELDS = Set.of("id", "inspectorIds", "entityIds", "kind", "dueOn", "note", "enforcement");

  /**
   * Reads a draft from {@code json}, naming fields with {@code prefix} (for example
   * {@code "assignments[3]."} in a day plan). An absent id is given a fresh one.
   */
  public static AssignmentDraft parse(JsonObject json, String prefix) {
    Bodies.onlyKnown(json, FIELDS, prefix);
    UUID id = json.getValue("id") == null
        ? UUID.randomUUID()
        : Bodies.uuid(Bodies.requiredString(json, "id", prefix + "id"), prefix + "id");
    List<UUID> inspectors = Bodies.uuids(json, "inspectorIds", prefix + "inspectorIds", 1, MAX_INSPECTORS);
    List<UUID> entities = Bodies.uuids(json, "entityIds", prefix + "entityIds", 1, MAX_ENTITIES);
    String kind = Bodies.requiredString(json, "kind", prefix + "kind");
    if (!KINDS.contains(kind)) {
      throw new ApiError(ErrorCode.FIELD_INVALID, prefix + "kind", prefix + "kind must be one of "
          + String.join(", ", KINDS));
    }
    LocalDate dueOn = Dates.parse(Bodies.requiredString(json, "dueOn", prefix + "dueOn"), ErrorCode.FIELD_INVALID,
        prefix + "dueOn");
    String note = Bodies.optionalString(json, "note", prefix + "note");
    boolean enforcement = Bodies.optionalBoolean(json, "enforcement", prefix + "enforcement", false);
    if (enforcement && inspectors.size() < 2) {
      throw new ApiError(ErrorCode.FIELD_INVALID, prefix + "inspectorIds",
          prefix + "inspectorIds: an enforcement check needs at least two inspectors");
    }
    return new AssignmentDraft(id, inspectors, entities, kind, dueOn, note, enforcement);
  }

  /** The draft as the JSON it was read from, so that an edit can lay changed fields over it. */
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("inspectorIds", strings(inspectorIds))
        .put("entityIds", strings(entityIds))
        .put("kind", kind)
        .put("dueOn", dueOn.toString())
        .put("note", note)
        .put("enforcement", enforcement);
  }

  /** Same content: a resent create after a lost reply is answered, not refused. */
  boolean sameContent(AssignmentDraft other) {
    return inspectorIds.equals(other.inspectorIds) && entityIds.equals(other.entityIds) && kind.equals(other.kind)
        && dueOn.equals(other.dueOn) && Objects.equals(note, other.note) && enforcement == other.enforcement;
  }

  public static JsonArray strings(List<UUID> ids) {
    JsonArray array = new JsonArray();
    ids.forEach(id -> array.add(id.toString()));
    return array;
  }
}
