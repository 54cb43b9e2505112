package org.inspectsync.load;

import static org.inspectsync.load.Parameters.integer;
import static org.inspectsync.load.Parameters.positive;

import java.time.Duration;
import java.util.Properties;

/**
 * What one live-tallies run looks like. Every value comes from a system property of the same name;
 * a blank or absent property takes the default, sized for a run of well under a minute.
 *
 * @param subscribers supervisors' screens holding a tally stream, spread evenly over the bureau and
 *     its stations
 * @param pushes pushes of one check each, made while the screens watch
 * @param rate pushes per second; they leave at fixed times whatever the replies do (an open schedule)
 * @param stations stations under the bureau
 * @param phones inspectors' phones that take turns to push, spread over the stations
 * @param gzip the screens ask for compressed streams, as a browser's {@code fetch} does
 * @param connecting streams being opened at the same moment while the screens connect
 * @param timeLimit the run, from the server's start, must end within this, or it fails
 * @param poolSize database connections of the in-process server
 */
public record LiveSettings(int subscribers, int pushes, int rate, int stations, int phones, boolean gzip,
    int connecting, Duration timeLimit, int poolSize) {

  public LiveSettings {
    positive("subscribers", subscribers);
    positive("pushes", pushes);
    positive("rate", rate);
    positive("stations", stations);
    positive("phones", phones);
    positive("connecting", connecting);
    positive("poolSize", poolSize);
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit must be positive");
    }
    if (stations > phones) {
      throw new IllegalArgumentException("phones (" + phones + ") must be at least stations (" + stations + ")");
    }
  }

  public static LiveSettings fromSystemProperties() {
    return from(System.getProperties());
  }

  static LiveSettings from(Properties p) {
    int stations = integer(p, "stations", 4);
    return new LiveSettings(
        integer(p, "subscribers", 100),
        integer(p, "pushes", 100),
        integer(p, "rate", 5),
        stations,
        integer(p, "phones", 2 * stations),
        Boolean.parseBoolean(p.getProperty("gzip", "false").trim()),
        integer(p, "connecting", 200),
        Duration.ofSeconds(integer(p, "timeLimit", 180)),
        integer(p, "poolSize", 16));
  }

  /** A tiny run for tests. */
  public static LiveSettings tiny(int subscribers, int pushes) {
    return new LiveSettings(subscribers, pushes, 10, 2, 2, false, 50, Duration.ofSeconds(60), 4);
  }

  /** The fixtures' shape: one inspector per phone, one check each before the screens connect. */
  Settings city() {
    return new Settings(phones, 1, stations, 20, 1, 64, phones, timeLimit, 1, poolSize);
  }
}
