package org.inspectsync.server.sync;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.inspectsync.protocol.RecordType;

/**
 * What the planner needs to know of a record a batch touches or points to.
 *
 * @param entityId for a check, finding or notice: the business entity it concerns
 * @param status the record's status, for types that have one
 * @param assignees for an assignment: the inspectors it is or ever was for (empty for other types);
 *     one taken off may still report the work they did before they heard
 * @param version the record's version now
 * @param data the record's phone-writable fields now, as pull shows them (records the batch writes only)
 * @param fieldStates per field, the merge state kept in {@code field_stamps} (records the batch writes only)
 */
public record KnownRecord(RecordType type, UUID id, UUID stationId, boolean deleted, UUID entityId, String status,
    List<UUID> assignees, int version, JsonObject data, JsonObject fieldStates) {

  public KnownRecord {
    assignees = assignees == null ? List.of() : List.copyOf(assignees);
  }

  /** A record known only as the target of a reference. */
  public KnownRecord(RecordType type, UUID id, UUID stationId, boolean deleted, UUID entityId, String status,
      List<UUID> assignees) {
    this(type, id, stationId, deleted, entityId, status, assignees, 1, new JsonObject(), new JsonObject());
  }

  /** Identifies a record across types. */
  public record Key(RecordType type, UUID id) {
  }

  public Key key() {
    return new Key(type, id);
  }

  KnownRecord withDeleted() {
    return new KnownRecord(type, id, stationId, true, entityId, status, assignees, version + 1, data, fieldStates);
  }

  KnownRecord withStatus(String newStatus) {
    return new KnownRecord(type, id, stationId, deleted, entityId, newStatus, assignees, version, data, fieldStates);
  }

  /** The record after one more write with these values and field states. */
  KnownRecord written(JsonObject newData, JsonObject newFieldStates) {
    return new KnownRecord(type, id, stationId, deleted, entityId, status, assignees, version + 1, newData,
        newFieldStates);
  }
}
