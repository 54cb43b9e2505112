package org.inspectsync.load;

import static org.inspectsync.load.Parameters.integer;
import static org.inspectsync.load.Parameters.positive;

import java.time.Duration;
import java.util.Properties;

/**
 * What one simulated day looks like. Every value comes from a system property of the same name;
 * a blank or absent property takes the default, which is sized for a smoke run of seconds.
 *
 * @param devices phones, one inspector each
 * @param checks market checks each phone records before it syncs
 * @param stations stations the inspectors are spread over; default one per 20 devices
 * @param entities business entities registered in each station
 * @param items checklist results per check
 * @param batch mutations per push request
 * @param concurrency phones syncing at the same moment
 * @param timeLimit the whole device phase must end within this, or the run fails
 * @param seed makes the generated day repeatable
 * @param poolSize database connections of the in-process server
 */
public record Settings(int devices, int checks, int stations, int entities, int items, int batch,
    int concurrency, Duration timeLimit, long seed, int poolSize) {

  /** A station has about 20 inspectors (see DOMAIN.md). */
  static final int DEVICES_PER_STATION = 20;

  public Settings {
    positive("devices", devices);
    positive("checks", checks);
    positive("stations", stations);
    positive("entities", entities);
    positive("items", items);
    positive("batch", batch);
    positive("concurrency", concurrency);
    positive("poolSize", poolSize);
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit must be positive");
    }
    if (stations > devices) {
      throw new IllegalArgumentException("stations (" + stations + ") must not exceed devices (" + devices + ")");
    }
  }

  public static Settings fromSystemProperties() {
    return from(System.getProperties());
  }

  static Settings from(Properties p) {
    int devices = integer(p, "devices", 20);
    return new Settings(
        devices,
        integer(p, "checks", 5),
        integer(p, "stations", (devices + DEVICES_PER_STATION - 1) / DEVICES_PER_STATION),
        integer(p, "entities", 200),
        integer(p, "items", 30),
        integer(p, "batch", 64),
        integer(p, "concurrency", Math.min(devices, 32)),
        Duration.ofSeconds(integer(p, "timeLimit", 60)),
        integer(p, "seed", 1),
        integer(p, "poolSize", 16));
  }

  /** A tiny day for tests. */
  public static Settings tiny(int devices, int checks) {
    return new Settings(devices, checks, 1, 20, 30, 64, devices, Duration.ofSeconds(60), 1, 4);
  }
}
