package org.inspectsync.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run and whether it passed: every phone finished, nothing was rejected,
 * nothing failed, and the database holds exactly what the phones sent.
 *
 * @param statements what the server sent to PostgreSQL during the device phase (logins, pushes and pulls)
 * @param peakRssKiB {@code VmHWM} of this JVM (server and phones) at the end of the device phase
 */
record Report(Settings settings, String database, int devicesFinished, Duration devicePhase,
    int mutations, int rejected, List<Long> pushNanos, List<Long> loginNanos, long pullRequests, long pulledRows, long extraPulls,
    StatementCounter.Count statements, long peakRssKiB, List<String> errors) {

  boolean ok() {
    return errors.isEmpty() && rejected == 0 && devicesFinished == settings.devices();
  }

  double mutationsPerSecond() {
    return mutations / Math.max(devicePhase.toNanos() / 1e9, 1e-9);
  }

  /** Nearest-rank percentile of the push round trips, in milliseconds. */
  double pushPercentileMillis(double percentile) {
    return percentileMillis(pushNanos, percentile);
  }

  private static double percentileMillis(List<Long> nanos, double percentile) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(null);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }

  private double statementsPerRequest() {
    long requests = loginNanos.size() + pushNanos.size() + pullRequests;
    return statements.statements() / (double) Math.max(1, requests);
  }

  /** The figures the benchmarks report reads. */
  Findings findings() {
    return new Findings("city-day").fact("database", database).errors(errors.size() + rejected)
        .figure("devices", devicesFinished, "devices", "phones that finished their day")
        .figure("mutationsPerSecond", mutationsPerSecond(), "mutations/s", "mutations per second over the device phase")
        .figure("pushP50", pushPercentileMillis(50), "ms", "push latency p50")
        .figure("pushP95", pushPercentileMillis(95), "ms", "push latency p95")
        .figure("pushP99", pushPercentileMillis(99), "ms", "push latency p99")
        .figure("pulledRows", pulledRows, "rows", "rows pulled by all phones")
        .figure("statementsPerRequest", statementsPerRequest(), "statements", "database statements per request")
        .figure("peakRss", peakRssKiB / 1024.0, "MiB", "process RSS peak (server and phones)");
  }

  void print(PrintStream out) {
    Settings s = settings;
    out.printf(Locale.ROOT, "city day: %d devices x %d checks (%d checklist items each), %d station(s) x %d entities,"
        + " batches of %d, %d syncing at once%n", s.devices(), s.checks(), s.items(), s.stations(), s.entities(),
        s.batch(), s.concurrency());
    out.printf(Locale.ROOT, "database: %s%n", database);
    out.printf(Locale.ROOT, "devices finished: %d of %d in %.1f s (login, push, pull)%n", devicesFinished,
        s.devices(), devicePhase.toMillis() / 1000.0);
    out.printf(Locale.ROOT, "logins: %d; latency p50 %.1f ms, p95 %.1f ms (bcrypt on the server's worker threads)%n",
        loginNanos.size(), percentileMillis(loginNanos, 50), percentileMillis(loginNanos, 95));
    out.printf(Locale.ROOT, "mutations: %d pushed, %d rejected; %.0f mutations/s over the device phase%n", mutations,
        rejected, mutationsPerSecond());
    out.printf(Locale.ROOT, "batches: %d; push latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        pushNanos.size(), pushPercentileMillis(50), pushPercentileMillis(95), pushPercentileMillis(99),
        pushPercentileMillis(100));
    out.printf(Locale.ROOT, "pulled rows: %d in %d pull requests (%d repeated while older transactions were open)%n",
        pulledRows, pullRequests, extraPulls);
    out.printf(Locale.ROOT, "database statements: %d in %d sequential waits over the device phase (logins, pushes and"
        + " pulls; BEGIN and COMMIT not counted), %.1f per request%n", statements.statements(), statements.waves(),
        statementsPerRequest());
    out.printf(Locale.ROOT, "process RSS peak: %.1f MiB (server and phones)%n", peakRssKiB / 1024.0);
    Scenario.printEnd(out, errors, ok());
  }
}
