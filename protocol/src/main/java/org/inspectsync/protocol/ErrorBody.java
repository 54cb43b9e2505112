package org.inspectsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error response.
 *
 * @param code stable error code, see {@link ErrorCode}
 * @param message a sentence for people
 * @param field path of the field at fault, e.g. {@code mutations[3].data.creditCode}; absent when no field is at fault
 * @param expectedSeq with {@code SEQUENCE_GAP}: the mutation number the server expects next
 * @param minimumVersion with {@code UPGRADE_REQUIRED}: the oldest protocol version the server accepts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String message, String field, Long expectedSeq, Integer minimumVersion) {
}
