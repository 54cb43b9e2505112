package org.inspectsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.UUID;

/**
 * The current state of one record, as delivered by pull.
 *
 * @param type the record type
 * @param id the record's id
 * @param version the server's version of the record, counting every write
 * @param deleted true for a deletion: the phone removes the record and {@code data} is absent
 * @param data the record's fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Change(RecordType type, UUID id, int version, boolean deleted, Map<String, Object> data) {
}
