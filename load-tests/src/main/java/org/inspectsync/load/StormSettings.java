package org.inspectsync.load;

import static org.inspectsync.load.Parameters.integer;
import static org.inspectsync.load.Parameters.positive;

import java.time.Duration;
import java.util.Properties;

/**
 * What one evening storm looks like. Every value comes from a system property of the same name; a
 * blank or absent property takes the default, which is the full province (the profile
 * {@code evening-storm} passes the same values). The default window offers 60 syncs a second
 * (about 150 mutations/s), some three quarters of the roughly 80 syncs a second two cores serve
 * at about 25 ms of CPU per sync (push and pull, server, phones and backends together); the run
 * prints the share of the cores it kept busy, which is the figure to check.
 *
 * @param devices phones, one inspector each, 20 to a station
 * @param checks market checks each phone recorded offline during the day
 * @param items checklist results per check
 * @param entities business entities registered in each station
 * @param window every phone's sync is due within this many seconds from the start
 * @param inFlight the most syncs running at once (threads of the simulated phones)
 * @param poolSize database connections of the in-process server
 * @param timeLimit the whole run must end within this, or it fails
 * @param seed makes the schedule and the phones' work repeatable
 */
public record StormSettings(int devices, int checks, int items, int entities, Duration window, int inFlight,
    int poolSize, Duration timeLimit, long seed) {

  /** The real evening: half of a province's devices sync within the same half hour (see DOMAIN.md). */
  static final Duration REAL_HALF_HOUR = Duration.ofMinutes(30);

  public StormSettings {
    positive("devices", devices);
    positive("checks", checks);
    positive("items", items);
    positive("entities", entities);
    positive("inFlight", inFlight);
    positive("poolSize", poolSize);
    if (window.isNegative() || window.isZero() || timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("windowSeconds and timeLimit must be positive");
    }
  }

  public static StormSettings fromSystemProperties() {
    Properties p = System.getProperties();
    return new StormSettings(
        integer(p, "devices", 25_000),
        integer(p, "checks", 2),
        integer(p, "items", 5),
        integer(p, "entities", 50),
        Duration.ofSeconds(integer(p, "windowSeconds", 900)),
        integer(p, "inFlight", 400),
        integer(p, "poolSize", 16),
        Duration.ofSeconds(integer(p, "timeLimit", 1500)),
        integer(p, "seed", 1));
  }

  /** A storm of a few seconds for tests. */
  public static StormSettings tiny() {
    return new StormSettings(40, 2, 5, 20, Duration.ofSeconds(2), 32, 4, Duration.ofSeconds(120), 1);
  }

  int stations() {
    return (devices + Settings.DEVICES_PER_STATION - 1) / Settings.DEVICES_PER_STATION;
  }

  /**
   * How many times the real evening's rate this run offers: there, half of the devices sync in
   * 30 minutes; here all of them in the window.
   */
  double compression() {
    return 2.0 * REAL_HALF_HOUR.toNanos() / window.toNanos();
  }

  /** The city fixtures: one inspector per device, each with a round of {@code checks} entities. */
  Settings city() {
    return new Settings(devices, checks, stations(), entities, items, 64, 1, timeLimit, seed, poolSize);
  }
}
