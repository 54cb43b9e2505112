package org.inspectsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.UUID;

/**
 * One change made on a phone.
 *
 * @param seq the device's own number for this mutation: 1, 2, 3 ... without gaps, never reused
 * @param type the record type
 * @param op create, update or delete
 * @param id the record's id, a UUID made on the phone for a create
 * @param baseVersion for an update or delete: the record's {@code version} as the phone last pulled
 *     it, or 1 for a record the phone created itself and has not pulled since; absent for a create.
 *     The server merges field by field against it (see docs/CONFLICTS.md)
 * @param recordedAt the phone's clock when the change was made, ISO-8601 with offset; optional,
 *     shown to reviewers, never used to order anything
 * @param data the record's fields (create) or the changed fields (update); absent for delete
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mutation(long seq, RecordType type, Operation op, UUID id, Integer baseVersion, String recordedAt,
    Map<String, Object> data) {

  public static Mutation create(long seq, RecordType type, UUID id, Map<String, Object> data) {
    return new Mutation(seq, type, Operation.CREATE, id, null, null, data);
  }

  public static Mutation update(long seq, RecordType type, UUID id, int baseVersion, Map<String, Object> data) {
    return new Mutation(seq, type, Operation.UPDATE, id, baseVersion, null, data);
  }

  public static Mutation delete(long seq, RecordType type, UUID id, int baseVersion) {
    return new Mutation(seq, type, Operation.DELETE, id, baseVersion, null, null);
  }
}
