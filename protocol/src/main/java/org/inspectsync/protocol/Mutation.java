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
 * @param data the record's fields (create) or the changed fields (update); absent for delete
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mutation(long seq, RecordType type, Operation op, UUID id, Map<String, Object> data) {
}
