package org.inspectsync.server.records;

import java.util.List;

/**
 * Statuses move forward only. A phone that was offline may send a status its record has already
 * passed; that write must not drag the record back. A status the server set that phones cannot
 * write (cancelled, overdue, escalated) is final as far as phones are concerned.
 */
public final class StatusRule {

  /** What to do with a requested status change. */
  public enum Outcome {
    /** Move to the requested status. */
    ADVANCE,
    /** Already there or past it: keep the current status, the mutation is still applied. */
    KEEP,
    /** The record is in a status phones cannot move it out of. */
    REFUSE
  }

  private StatusRule() {
  }

  public static Outcome decide(List<String> order, String current, String requested) {
    int from = order.indexOf(current);
    int to = order.indexOf(requested);
    if (from < 0 || to < 0) {
      return Outcome.REFUSE;
    }
    return to > from ? Outcome.ADVANCE : Outcome.KEEP;
  }
}
