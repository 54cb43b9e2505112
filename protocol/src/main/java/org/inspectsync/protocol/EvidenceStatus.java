package org.inspectsync.protocol;

/**
 * What the server holds of one evidence file for the asking device, from
 * {@code GET /evidence/{sha256}/upload} and every {@code PUT /evidence/{sha256}}.
 *
 * @param sha256 the file's SHA-256, lower-case hex
 * @param size the file's length as the upload declared it ({@code Upload-Length}); null when
 *     nothing of it has arrived
 * @param received how many bytes, from the start, the server holds: send the next chunk from here
 * @param complete the file is stored, verified (by anyone: a duplicate is never sent again)
 */
public record EvidenceStatus(String sha256, Long size, long received, boolean complete) {
}
