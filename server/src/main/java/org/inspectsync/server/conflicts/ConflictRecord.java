package org.inspectsync.server.conflicts;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.inspectsync.protocol.RecordType;

/**
 * A value that did not win, kept for a person to review.
 *
 * @param kind {@code field}: two phones changed one field; {@code delete}: a delete that lost to a
 *     later edit; {@code edit_of_deleted}: an edit that arrived after the record was deleted
 * @param field the field, or null for a lost delete
 * @param lostValue the value that lost, in its JSON form
 * @param lost who wrote it, from which device, with which mutation number
 */
public record ConflictRecord(RecordType type, UUID recordId, String kind, String field, Object lostValue, Author lost) {

  /**
   * The same write losing on the same field always gets the same id, so that a value taken back
   * from the losers (it won again) removes exactly its record.
   */
  public UUID id() {
    String key = type.wireName() + "/" + recordId + "/" + kind + "/" + field + "/" + lost.deviceId() + "/" + lost.seq();
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }
}
