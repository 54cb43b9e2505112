package org.inspectsync.protocol;

import java.util.List;

/**
 * A page of changes from {@code GET /sync/pull}.
 *
 * @param changes records changed since the cursor the phone sent, oldest change first
 * @param cursor the cursor to send next time; store it only after applying {@code changes}
 * @param hasMore true when another page is ready now: pull again at once
 * @param purge true when the officer has moved to another unit: drop every pulled record (keep
 *     the outbox) before applying {@code changes}, which start the new unit's records from the
 *     beginning
 */
public record PullResponse(List<Change> changes, String cursor, boolean hasMore, boolean purge) {
}
