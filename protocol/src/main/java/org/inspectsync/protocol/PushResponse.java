package org.inspectsync.protocol;

import java.util.List;

/**
 * The reply to a push.
 *
 * @param results one per mutation sent, in the order sent
 * @param lastSeq the highest mutation number the server has settled for this device; everything
 *     up to it can leave the phone's queue
 * @param visibleAt a pull cursor: once a pull answers with a cursor at or past this one
 *     (compare with {@link Cursors#isAtOrPast}), the pulled data includes these writes
 */
public record PushResponse(List<MutationResult> results, long lastSeq, String visibleAt) {
}
