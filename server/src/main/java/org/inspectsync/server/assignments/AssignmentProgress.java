package org.inspectsync.server.assignments;

/**
 * How checks move an assignment: its first checked entity makes it started, its last makes it
 * done. Progress never goes backwards, and a cancelled assignment stays cancelled (the check is
 * kept all the same).
 */
public final class AssignmentProgress {

  private AssignmentProgress() {
  }

  /** The status an assignment should have once {@code checked} of its {@code total} entities have a check. */
  public static String next(String current, int checked, int total) {
    if (current.equals("done") || current.equals("cancelled") || checked == 0) {
      return current;
    }
    return checked >= total ? "done" : "started";
  }
}
