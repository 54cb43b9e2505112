package org.inspectsync.protocol;

import java.util.List;

/**
 * A page of changes from {@code GET /sync/pull}.
 *
 * @param changes records changed since the cursor the phone sent, oldest change first
 * @param cursor the cursor to send next time; store it only after applying {@code changes}
 * @param hasMore true when another page is ready now: pull again at once
 */
public record PullResponse(List<Change> changes, String cursor, boolean hasMore) {
}
