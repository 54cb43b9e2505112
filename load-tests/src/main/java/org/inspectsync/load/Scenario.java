package org.inspectsync.load;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** What every scenario's {@code main} does with its run. */
final class Scenario {

  /** At most this many error lines are printed; the count covers them all. */
  private static final int SHOWN_ERRORS = 10;

  private Scenario() {
  }

  /**
   * Runs {@code run} and exits: 0 when it met every check, 1 when it did not (its report says
   * why), 2 when it broke, with {@code RESULT: FAILED} and the cause.
   */
  static void exit(Callable<Boolean> run) {
    boolean ok;
    try {
      ok = run.call();
    } catch (Exception e) {
      e.printStackTrace();
      System.out.println("RESULT: FAILED (" + e + ")");
      System.exit(2);
      return;
    }
    System.exit(ok ? 0 : 1);
  }

  /** The end of every scenario's report: how many errors, the first few, and the result. */
  static void printEnd(PrintStream out, List<String> errors, boolean ok) {
    out.printf("errors: %d%n", errors.size());
    errors.stream().limit(SHOWN_ERRORS).forEach(error -> out.println("  " + error));
    if (errors.size() > SHOWN_ERRORS) {
      out.println("  ... and " + (errors.size() - SHOWN_ERRORS) + " more");
    }
    out.println(ok ? "RESULT: ok" : "RESULT: FAILED");
  }
}
