package org.inspectsync.load;

import static org.inspectsync.load.Parameters.integer;
import static org.inspectsync.load.Parameters.positive;

import java.time.Duration;
import java.util.Properties;

/**
 * What one ingest run looks like. Every value comes from a system property of the same name; a
 * blank or absent property takes the default, sized for a run of about two minutes.
 *
 * @param phones simulated phones pushing, one inspector each
 * @param batch mutations per push, and rows per transaction in the raw-insert ceiling
 * @param poolSize database connections of the server, and of each ceiling
 * @param warmUp pushes, or ceiling transactions, before each measured phase, not counted
 * @param closed the closed-loop phase that finds the server's maximum rate
 * @param open the open-model phase at {@code openPercent} of that rate
 * @param openPercent the open phase's rate, in percent of the closed loop's
 * @param ceiling each ceiling's measured phase
 * @param timeLimit the whole run must end within this, or it fails
 */
public record IngestSettings(int phones, int batch, int poolSize, Duration warmUp, Duration closed, Duration open,
    int openPercent, Duration ceiling, Duration timeLimit) {

  public IngestSettings {
    positive("phones", phones);
    positive("batch", batch);
    positive("poolSize", poolSize);
    positive("openPercent", openPercent);
    for (Duration d : new Duration[] {closed, open, ceiling, timeLimit}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("every phase must last a positive time");
      }
    }
  }

  public static IngestSettings fromSystemProperties() {
    Properties p = System.getProperties();
    return new IngestSettings(
        integer(p, "phones", 40),
        integer(p, "batch", 64),
        integer(p, "poolSize", 16),
        Duration.ofSeconds(integer(p, "warmUpSeconds", 5)),
        Duration.ofSeconds(integer(p, "closedSeconds", 20)),
        Duration.ofSeconds(integer(p, "openSeconds", 30)),
        integer(p, "openPercent", 80),
        Duration.ofSeconds(integer(p, "ceilingSeconds", 10)),
        Duration.ofSeconds(integer(p, "timeLimit", 300)));
  }

  /** A run of a few seconds for tests. */
  public static IngestSettings tiny() {
    return new IngestSettings(4, 64, 4, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2), 80,
        Duration.ofSeconds(1), Duration.ofSeconds(120));
  }

  /** The city the phones belong to: one inspector per phone, a station per 20, no checklist items. */
  Settings city() {
    return new Settings(phones, 8, (phones + Settings.DEVICES_PER_STATION - 1) / Settings.DEVICES_PER_STATION, 200,
        1, batch, phones, timeLimit, 1, poolSize);
  }
}
