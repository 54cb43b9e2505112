package org.inspectsync.load;

import static org.inspectsync.load.Parameters.integer;

import java.time.Duration;
import java.util.Properties;

/**
 * What one pull run looks like. Every value comes from a system property of the same name; a blank
 * or absent property takes the default, sized for a run of one to two minutes.
 *
 * @param smallChanges records a cold phone catches up with first (the smaller station size)
 * @param changes records it catches up with second, after more are written: the 100,000
 * @param limit changes per page the phones ask for
 * @param concurrentPhones cold phones catching up with the larger size at once, in the last phase
 * @param poolSize database connections of the server
 * @param timeLimit the whole run must end within this, or it fails
 */
public record PullSettings(int smallChanges, int changes, int limit, int concurrentPhones, int poolSize,
    Duration timeLimit) {

  /** Business entities in the station's register; with one assignment they are part of every size. */
  static final int ENTITIES = 200;

  public PullSettings {
    if (smallChanges < ENTITIES + 2) {
      throw new IllegalArgumentException("smallChanges must be at least " + (ENTITIES + 2)
          + ": the register's entities and the phone's assignment are part of it");
    }
    if (changes <= smallChanges) {
      throw new IllegalArgumentException("changes must be more than smallChanges");
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000, as the protocol allows");
    }
    if (concurrentPhones < 1 || poolSize < 1) {
      throw new IllegalArgumentException("concurrentPhones and poolSize must be 1 or more");
    }
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit must be positive");
    }
  }

  public static PullSettings fromSystemProperties() {
    Properties p = System.getProperties();
    return new PullSettings(
        integer(p, "smallChanges", 20_000),
        integer(p, "changes", 100_000),
        integer(p, "limit", 1000),
        integer(p, "concurrentPhones", 8),
        integer(p, "poolSize", 16),
        Duration.ofSeconds(integer(p, "timeLimit", 300)));
  }

  /** A run of a few seconds for tests. */
  public static PullSettings tiny() {
    return new PullSettings(1_500, 3_000, 500, 2, 4, Duration.ofSeconds(120));
  }

  /** One station: a cold phone for each size, one to warm the server up, and the concurrent phones. */
  Settings city() {
    return new Settings(concurrentPhones + 3, 8, 1, ENTITIES, 1, 64, 1, timeLimit, 1, poolSize);
  }
}
