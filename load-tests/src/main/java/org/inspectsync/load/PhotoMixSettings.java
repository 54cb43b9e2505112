package org.inspectsync.load;

import static org.inspectsync.load.Parameters.integer;
import static org.inspectsync.load.Parameters.positive;

import java.time.Duration;
import java.util.Properties;

/**
 * What one photo-mix run looks like. Every value comes from a system property of the same name; a
 * blank or absent property takes the default, sized for a run of about two and a half minutes.
 *
 * @param phones simulated phones pushing records, one inspector each, 20 to a station
 * @param batch mutations per push: checks, and hazard findings naming photos
 * @param poolSize database connections of the server
 * @param uploaders phones uploading photos, each a device of its own (each may store 500 MiB a day)
 * @param rounds how many times ingest is measured each way, alternating: alone, with photos, ...
 * @param warmUp ingest alone, then with photos, before the first measured round, not counted
 * @param settle the start of every measured phase, not counted: the previous phase's last pushes drain
 * @param closed each phase's counted time
 * @param stormDevices devices syncing in the evening storm: half of the province's 25,000
 * @param photosPerDevice photos each of them sends in the storm
 * @param stormMinutes the storm's length; with the two above it gives the photo rate, in real time
 * @param sizePercent every photo's size in percent of a real one's; 100 but in tiny runs
 * @param duplicatePercent uploads of a photo the server already stores (sent again by another phone)
 * @param interruptPercent uploads whose last chunk is cut mid-way, then resumed as a phone does
 * @param seed makes the photos and their schedule repeatable
 * @param timeLimit the whole run must end within this, or it fails
 */
public record PhotoMixSettings(int phones, int batch, int poolSize, int uploaders, int rounds, Duration warmUp,
    Duration settle, Duration closed, int stormDevices, int photosPerDevice, int stormMinutes, int sizePercent,
    int duplicatePercent, int interruptPercent, long seed, Duration timeLimit) {

  /** A group of four mutations: a passed check, a check with hazards, and two findings on it. */
  static final int GROUP = 4;
  /** Photos a hazard finding names. */
  static final int PHOTOS_PER_FINDING = 2;

  public PhotoMixSettings {
    positive("phones", phones);
    positive("batch", batch);
    positive("poolSize", poolSize);
    positive("uploaders", uploaders);
    positive("rounds", rounds);
    positive("stormDevices", stormDevices);
    positive("photosPerDevice", photosPerDevice);
    positive("stormMinutes", stormMinutes);
    positive("sizePercent", sizePercent);
    if (batch % GROUP != 0) {
      throw new IllegalArgumentException("batch must be a multiple of " + GROUP
          + ": each group is two checks and two findings");
    }
    if (duplicatePercent < 0 || interruptPercent < 0 || duplicatePercent + interruptPercent > 100) {
      throw new IllegalArgumentException("duplicatePercent and interruptPercent must be 0 or more, 100 together at most");
    }
    for (Duration d : new Duration[] {closed, timeLimit}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("closedSeconds and timeLimit must be positive");
      }
    }
    if (warmUp.isNegative() || settle.isNegative()) {
      throw new IllegalArgumentException("warmUpSeconds and settleSeconds must not be negative");
    }
  }

  public static PhotoMixSettings fromSystemProperties() {
    Properties p = System.getProperties();
    return new PhotoMixSettings(
        integer(p, "phones", 40),
        integer(p, "batch", 64),
        integer(p, "poolSize", 16),
        integer(p, "uploaders", 32),
        integer(p, "rounds", 3),
        Duration.ofSeconds(integer(p, "warmUpSeconds", 5)),
        Duration.ofSeconds(integer(p, "settleSeconds", 2)),
        Duration.ofSeconds(integer(p, "closedSeconds", 15)),
        integer(p, "stormDevices", 12_500),
        integer(p, "photosPerDevice", 3),
        integer(p, "stormMinutes", 30),
        integer(p, "sizePercent", 100),
        integer(p, "duplicatePercent", 2),
        integer(p, "interruptPercent", 3),
        integer(p, "seed", 1),
        Duration.ofSeconds(integer(p, "timeLimit", 300)));
  }

  /** A run of a few seconds for tests: small photos, 10 a second, more duplicates and cuts to see some. */
  public static PhotoMixSettings tiny() {
    return new PhotoMixSettings(4, 64, 4, 2, 1, Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofSeconds(2),
        6_000, 3, 30, 10, 10, 10, 1, Duration.ofSeconds(120));
  }

  /** The offered photo rate: the storm's photos spread evenly over it, in real time. */
  double photosPerSecond() {
    return (double) stormDevices * photosPerDevice / (stormMinutes * 60.0);
  }

  /** Time with photo uploads going on: the warm-up's second half, then each round's second phase. */
  Duration withPhotos() {
    return warmUp.plus(settle.plus(closed).multipliedBy(rounds));
  }

  /** The city: one inspector per phone that pushes and per phone that uploads, a station per 20. */
  Settings city() {
    int devices = phones + uploaders;
    return new Settings(devices, 8, (devices + Settings.DEVICES_PER_STATION - 1) / Settings.DEVICES_PER_STATION, 200,
        1, batch, devices, timeLimit, seed, poolSize);
  }
}
