package org.inspectsync.protocol;

import java.util.List;

/** A batch of mutations, numbered consecutively, sent to {@code POST /sync/push}. */
public record PushRequest(List<Mutation> mutations) {
}
