package org.inspectsync.server.sync;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.records.Field;
import org.inspectsync.server.records.Rejection;

/**
 * A mutation after decoding: either well-formed, with its values checked field by field, or
 * already rejected for its content. Either way it has its number and consumes it.
 *
 * @param values the fields present in {@code data}, decoded; a null value clears the field
 * @param baseVersion for an update or delete: the record version the phone started from
 * @param recordedAt the phone's clock when the change was made, as sent; shown to people only
 * @param rejection why it cannot apply, or null
 * @param raw the mutation as sent, kept if it has to wait for a record that has not arrived
 */
public record DecodedMutation(long seq, RecordType type, Operation op, UUID id, Map<Field, Object> values,
    int baseVersion, String recordedAt, Rejection rejection, JsonObject raw) {

  public static DecodedMutation rejected(long seq, Rejection rejection) {
    return new DecodedMutation(seq, null, null, null, Map.of(), 0, null, rejection, null);
  }

  public boolean isRejected() {
    return rejection != null;
  }
}
