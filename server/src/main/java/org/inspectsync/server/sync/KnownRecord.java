package org.inspectsync.server.sync;

import java.util.UUID;
import org.inspectsync.protocol.RecordType;

/**
 * What the planner needs to know of a record a batch touches or points to.
 *
 * @param entityId for a check, finding or notice: the business entity it concerns
 * @param status the record's status, for types that have one
 * @param ownerId for an assignment: the inspector it is for
 */
public record KnownRecord(RecordType type, UUID id, UUID stationId, boolean deleted, UUID entityId, String status,
    UUID ownerId) {

  /** Identifies a record across types. */
  public record Key(RecordType type, UUID id) {
  }

  public Key key() {
    return new Key(type, id);
  }

  KnownRecord withDeleted() {
    return new KnownRecord(type, id, stationId, true, entityId, status, ownerId);
  }

  KnownRecord withStatus(String newStatus) {
    return new KnownRecord(type, id, stationId, deleted, entityId, newStatus, ownerId);
  }
}
