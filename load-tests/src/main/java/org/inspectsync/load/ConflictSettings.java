package org.inspectsync.load;

import static org.inspectsync.load.Parameters.integer;
import static org.inspectsync.load.Parameters.positive;

import java.time.Duration;
import java.util.Properties;

/**
 * What one conflicting-edits run looks like. Every value comes from a system property of the same
 * name; a blank or absent property takes the default, sized for a run of about two minutes.
 *
 * @param phones simulated phones editing, one inspector each, 20 to a station
 * @param batch update mutations per push
 * @param poolSize database connections of the server
 * @param findingsPerPhone hazard findings each phone records first and then keeps editing
 * @param conflictPercent share of the conflicting workload's mutations that edit a field another
 *     phone has just changed, from the version before that change
 * @param rounds how many times each workload is measured, alternating: conflict-free, conflicting, ...
 * @param warmUp both workloads, one after the other, before the first measured round, not counted
 * @param settle the start of every measured phase, not counted: the previous workload's last
 *     pushes drain
 * @param closed each closed-loop phase's counted time
 * @param open each workload's open-model phase, after the rounds; zero leaves it out
 * @param openPercent the open phases' rate, in percent of the workload's closed-loop median
 * @param timeLimit the whole run must end within this, or it fails
 */
public record ConflictSettings(int phones, int batch, int poolSize, int findingsPerPhone, int conflictPercent,
    int rounds, Duration warmUp, Duration settle, Duration closed, Duration open, int openPercent,
    Duration timeLimit) {

  public ConflictSettings {
    positive("phones", phones);
    positive("batch", batch);
    positive("poolSize", poolSize);
    positive("rounds", rounds);
    positive("openPercent", openPercent);
    if (phones < 2) {
      throw new IllegalArgumentException("phones must be 2 or more: a conflict takes two phones of one station");
    }
    if (findingsPerPhone < 2 * batch) {
      throw new IllegalArgumentException("findingsPerPhone must be at least twice the batch (" + 2 * batch
          + "), so that a phone always has findings nobody else is editing");
    }
    if (conflictPercent < 0 || conflictPercent > 50) {
      throw new IllegalArgumentException("conflictPercent must be between 0 and 50: each conflicting edit needs a"
          + " fresh change of another phone's conflict-free edits");
    }
    for (Duration d : new Duration[] {closed, timeLimit}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("closedSeconds and timeLimit must be positive");
      }
    }
    if (warmUp.isNegative() || settle.isNegative() || open.isNegative()) {
      throw new IllegalArgumentException("warmUpSeconds, settleSeconds and openSeconds must not be negative");
    }
  }

  public static ConflictSettings fromSystemProperties() {
    Properties p = System.getProperties();
    return new ConflictSettings(
        integer(p, "phones", 40),
        integer(p, "batch", 64),
        integer(p, "poolSize", 16),
        integer(p, "findingsPerPhone", 256),
        integer(p, "conflictPercent", 20),
        integer(p, "rounds", 2),
        Duration.ofSeconds(integer(p, "warmUpSeconds", 5)),
        Duration.ofSeconds(integer(p, "settleSeconds", 2)),
        Duration.ofSeconds(integer(p, "closedSeconds", 15)),
        Duration.ofSeconds(integer(p, "openSeconds", 10)),
        integer(p, "openPercent", 80),
        Duration.ofSeconds(integer(p, "timeLimit", 300)));
  }

  /** A run of a few seconds for tests. */
  public static ConflictSettings tiny() {
    return new ConflictSettings(4, 64, 4, 128, 20, 1, Duration.ofMillis(500), Duration.ofMillis(300),
        Duration.ofSeconds(2), Duration.ofSeconds(1), 80, Duration.ofSeconds(120));
  }

  /** The city the phones belong to: one inspector per phone, a station per 20, no checklist items. */
  Settings city() {
    return new Settings(phones, 1, (phones + Settings.DEVICES_PER_STATION - 1) / Settings.DEVICES_PER_STATION, 20,
        1, batch, phones, timeLimit, 1, poolSize);
  }
}
