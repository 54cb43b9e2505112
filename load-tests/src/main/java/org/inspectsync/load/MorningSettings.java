package org.inspectsync.load;

import static org.inspectsync.load.Parameters.integer;
import static org.inspectsync.load.Parameters.positive;

import java.time.Duration;
import java.util.Properties;

/**
 * What one morning pull storm looks like. Every value comes from a system property of the same
 * name; a blank or absent property takes the default, which is a city (the profile
 * {@code morning-pull} passes the same values). The default window offers about 67 pulls a
 * second, about half of what two cores serve at some 14 ms of CPU per pull.
 *
 * @param devices phones, one inspector each, 20 to a station
 * @param entities business entities registered in each station
 * @param round entities in each inspector's routine round of the day
 * @param pairs enforcement follow-ups per station, each for two inspectors (so 2 x pairs of them get two assignments)
 * @param window every phone's pull is due within this many seconds from the start
 * @param inFlight the most pulls running at once (threads of the simulated phones)
 * @param poolSize database connections of the in-process server
 * @param timeLimit the whole run must end within this, or it fails
 * @param seed makes the schedule repeatable
 */
public record MorningSettings(int devices, int entities, int round, int pairs, Duration window, int inFlight,
    int poolSize, Duration timeLimit, long seed) {

  /** A province, for the estimate printed beside a city's figures (see DOMAIN.md). */
  static final int PROVINCE_DEVICES = 25_000;

  public MorningSettings {
    positive("devices", devices);
    positive("entities", entities);
    positive("round", round);
    positive("inFlight", inFlight);
    positive("poolSize", poolSize);
    if (pairs < 0 || round > entities || round > 200) {
      throw new IllegalArgumentException("pairs must be 0 or more, round at most entities and at most 200");
    }
    if (window.isNegative() || window.isZero() || timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("windowSeconds and timeLimit must be positive");
    }
  }

  public static MorningSettings fromSystemProperties() {
    Properties p = System.getProperties();
    return new MorningSettings(
        integer(p, "devices", 2_000),
        integer(p, "entities", 200),
        integer(p, "round", 10),
        integer(p, "pairs", 2),
        Duration.ofSeconds(integer(p, "windowSeconds", 30)),
        integer(p, "inFlight", 200),
        integer(p, "poolSize", 16),
        Duration.ofSeconds(integer(p, "timeLimit", 300)),
        integer(p, "seed", 1));
  }

  /** A storm of a few seconds for tests. */
  public static MorningSettings tiny() {
    return new MorningSettings(40, 20, 3, 2, Duration.ofSeconds(2), 32, 4, Duration.ofSeconds(120), 1);
  }

  int stations() {
    return (devices + Settings.DEVICES_PER_STATION - 1) / Settings.DEVICES_PER_STATION;
  }

  /** The city fixtures: every inspector with one assignment from before (a round of one entity). */
  Settings city() {
    return new Settings(devices, 1, stations(), entities, 1, 64, 1, timeLimit, seed, poolSize);
  }
}
