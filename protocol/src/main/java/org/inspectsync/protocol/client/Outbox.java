package org.inspectsync.protocol.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Mutation;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.RecordType;

/**
 * The phone's queue of mutations not yet settled by the server, numbered 1, 2, 3 ... A mutation
 * leaves the queue only when a push reply's {@code lastSeq} covers it, so a lost reply just means
 * the same mutations are sent again, which the server answers identically.
 */
public final class Outbox {

  private final Deque<Mutation> pending = new ArrayDeque<>();
  /** When each pending mutation was queued, by the phone's monotonic clock, in the same order. */
  private final Deque<Long> queuedAt = new ArrayDeque<>();
  private long nextSeq;

  /** An outbox whose next mutation gets number {@code nextSeq}. */
  public Outbox(long nextSeq) {
    this.nextSeq = nextSeq;
  }

  public Outbox() {
    this(1);
  }

  /**
   * Queues a change under the next number.
   *
   * @param baseVersion for an update or delete, the record version the change started from; null for a create
   * @param recordedAt the phone's clock now, shown to reviewers only
   */
  public synchronized Mutation add(RecordType type, Operation op, UUID id, Integer baseVersion, String recordedAt,
      Map<String, Object> data) {
    Mutation mutation = new Mutation(nextSeq++, type, op, id, baseVersion, recordedAt, data);
    pending.addLast(mutation);
    queuedAt.addLast(System.nanoTime());
    return mutation;
  }

  /** Up to {@code max} of the oldest unsettled mutations, in order. */
  public synchronized List<Mutation> nextBatch(int max) {
    List<Mutation> batch = new ArrayList<>(Math.min(max, pending.size()));
    for (Mutation mutation : pending) {
      if (batch.size() == max) {
        break;
      }
      batch.add(mutation);
    }
    return batch;
  }

  /** Drops every mutation the server has settled. */
  public synchronized void settledThrough(long lastSeq) {
    while (!pending.isEmpty() && pending.peekFirst().seq() <= lastSeq) {
      pending.removeFirst();
      queuedAt.removeFirst();
    }
  }

  /**
   * How long the oldest unsettled mutation has waited, in whole seconds (0 when none waits), for
   * the {@code X-Outbox-Age} header. An age, not a time of day, so a wrong phone clock does not matter.
   */
  public synchronized long oldestAgeSeconds() {
    return queuedAt.isEmpty() ? 0 : (System.nanoTime() - queuedAt.peekFirst()) / 1_000_000_000L;
  }

  public synchronized int size() {
    return pending.size();
  }
}
