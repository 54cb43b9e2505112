package org.inspectsync.load;

import java.util.concurrent.Callable;

/** What every scenario's {@code main} does with its run. */
final class Scenario {

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
}
