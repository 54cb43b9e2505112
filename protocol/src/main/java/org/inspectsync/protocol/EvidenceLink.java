package org.inspectsync.protocol;

/**
 * A time-limited link to one evidence file, from {@code POST /evidence/{sha256}/links}: a GET of
 * {@code url} needs no token until {@code expiresAt}.
 *
 * @param url path and query, relative to the server
 * @param expiresAt ISO-8601 instant in UTC
 */
public record EvidenceLink(String url, String expiresAt) {
}
