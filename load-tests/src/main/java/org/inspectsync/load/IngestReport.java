package org.inspectsync.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.inspectsync.load.Ingest.Phase;
import org.inspectsync.load.Ingest.Push;

/**
 * The figures of one ingest run, the ratios to the ceilings and the targets. The run passed when
 * every push was answered without a rejection and the database held what the phones sent; the
 * targets are reported, not enforced. {@code serverUse} and {@code statements} cover both push
 * phases and their warm-up.
 */
record IngestReport(IngestSettings settings, String database, Phase closed, Phase open, ResourceUse serverUse,
    StatementCounter.Count statements, long pushedChecks, long rssKiB, long peakRssKiB, Ceilings.Ceiling rawInsert, Ceilings.Ceiling bareInsert,
    Ceilings.Ceiling driver, List<String> errors) {

  /** The targets: ingest at this share of the raw-insert ceiling or more ... */
  static final double TARGET_SHARE_OF_RAW_INSERT = 0.60;
  /** ... and a p99 below this, in milliseconds, in the open phase. */
  static final double TARGET_P99_MILLIS = 250;

  boolean ok() {
    return errors.isEmpty() && !closed.pushes().isEmpty() && !open.pushes().isEmpty()
        && rawInsert.transactions() > 0 && driver.transactions() > 0;
  }

  /** Server's maximum ingest (closed loop) over the raw-insert ceiling into the real table. */
  double shareOfRawInsert() {
    return closed.mutationsPerSecond() / rawInsert.rowsPerSecond();
  }

  /** Batch latency in the open phase, from when it was due, in milliseconds. */
  double openPercentileMillis(double percentile) {
    return percentileMillis(open.pushes(), push -> push.answeredNanos() - push.dueNanos(), percentile);
  }

  void print(PrintStream out) {
    IngestSettings s = settings;
    out.printf(Locale.ROOT, "ingest: %d phones pushing batches of %d new market checks (no checklist items, no"
        + " assignment), server pool %d connections%n", s.phones(), s.batch(), s.poolSize());
    out.printf(Locale.ROOT, "database: %s%n", database);
    out.printf(Locale.ROOT, "server, closed loop (%.1f s after %.1f s warm-up): %.0f mutations/s (%.1f batches/s);"
        + " per batch p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", s.closed().toMillis() / 1000.0,
        s.warmUp().toMillis() / 1000.0, closed.mutationsPerSecond(), closed.mutationsPerSecond() / s.batch(),
        latency(closed, 50), latency(closed, 95), latency(closed, 99), latency(closed, 100));
    double openRate = closed.mutationsPerSecond() * s.openPercent() / 100.0;
    out.printf(Locale.ROOT, "server, open model at %d%% of that, %.0f mutations/s (a batch due every %.1f ms) for"
        + " %.1f s: %d batches, %.0f mutations/s done; from due time to answer p50 %.1f ms, p95 %.1f ms,"
        + " p99 %.1f ms, max %.1f ms; left late by p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", s.openPercent(),
        openRate, 1000.0 * s.batch() / openRate, open.elapsed().toMillis() / 1000.0, open.pushes().size(),
        open.mutationsPerSecond(), openPercentileMillis(50), openPercentileMillis(95), openPercentileMillis(99),
        openPercentileMillis(100), lateMillis(50), lateMillis(99), lateMillis(100));
    for (Phase phase : List.of(closed, open)) {
      out.printf(Locale.ROOT, "CPU per mutation, %s: %.1f us in this JVM, of which %.1f us on the phones' own"
          + " threads (the rest: the server, the HTTP client's selector, GC); %.1f us in database backends%n",
          phase == closed ? "closed loop" : "open model", perMutation(phase.jvmCpuNanos(), phase),
          perMutation(phase.phoneCpuNanos(), phase), perMutation(phase.backendCpuNanos(), phase));
    }
    out.printf(Locale.ROOT, "server database work per batch (pg_stat_database over both phases and their warm-up,"
        + " %d checks stored): %.2f commits (read-only ones included), %.1f tuples inserted or updated%n", pushedChecks,
        perBatch(serverUse.commits()), perBatch(serverUse.tuplesWritten()));
    out.printf(Locale.ROOT, "server statements per batch (counted in its SQL client over the same pushes; BEGIN and"
        + " COMMIT not counted): %.2f statements in %.2f sequential waits%n", perBatch(statements.statements()),
        perBatch(statements.waves()));
    out.printf(Locale.ROOT, "process RSS after the pushes: %.1f MiB; peak of the run %.1f MiB%n", rssKiB / 1024.0,
        peakRssKiB / 1024.0);
    for (Ceilings.Ceiling c : List.of(rawInsert, bareInsert)) {
      out.printf(Locale.ROOT, "ceiling (a) %s: %.0f rows/s (%.1f transactions/s of %d rows, %d connections);"
          + " CPU per row %.1f us in this JVM, %.1f us in backends; per transaction %.2f commits, %.1f tuples"
          + " inserted or updated%n", c.name(), c.rowsPerSecond(), c.transactionsPerSecond(), s.batch(),
          s.poolSize(), c.use().jvmCpuNanos() / 1e3 / Math.max(1, c.rows()),
          c.use().backendCpuNanos() / 1e3 / Math.max(1, c.rows()), perTransaction(c, c.use().commits()),
          perTransaction(c, c.use().tuplesWritten()));
    }
    out.printf(Locale.ROOT, "ceiling (b) %s: %.0f transactions/s on %d connections, so at most %.0f batches/s"
        + " (%.0f mutations/s) through this driver at one transaction per batch%n", driver.name(),
        driver.transactionsPerSecond(), s.poolSize(), driver.transactionsPerSecond(),
        driver.transactionsPerSecond() * s.batch());
    double share = shareOfRawInsert();
    double p99 = openPercentileMillis(99);
    out.printf(Locale.ROOT, "server ingest as a share: %.0f%% of raw insert into market_checks, %.0f%% of raw insert"
        + " without triggers, %.1f%% of the driver's empty transactions (batches/s)%n", 100 * share,
        100 * closed.mutationsPerSecond() / bareInsert.rowsPerSecond(),
        100 * closed.mutationsPerSecond() / s.batch() / driver.transactionsPerSecond());
    out.printf(Locale.ROOT, "target: ingest >= %.0f%% of raw insert: %s (%.0f%%); p99 < %.0f ms at %d%% of the"
        + " maximum rate: %s (%.1f ms)%n", 100 * TARGET_SHARE_OF_RAW_INSERT,
        share >= TARGET_SHARE_OF_RAW_INSERT ? "met" : "missed", 100 * share, TARGET_P99_MILLIS, s.openPercent(),
        p99 < TARGET_P99_MILLIS ? "met" : "missed", p99);
    Scenario.printEnd(out, errors, ok());
  }

  /** The figures the benchmarks report reads. */
  Findings findings() {
    double share = 100 * shareOfRawInsert();
    return new Findings("ingest").fact("database", database).errors(errors.size())
        .figure("mutationsPerSecond", closed.mutationsPerSecond(), "mutations/s",
            "server's maximum ingest, batches of " + settings.batch() + " (closed loop)")
        .figure("rawInsertRowsPerSecond", rawInsert.rowsPerSecond(), "rows/s", "raw-insert ceiling, market_checks")
        .figure("bareInsertRowsPerSecond", bareInsert.rowsPerSecond(), "rows/s",
            "raw insert without triggers or foreign keys")
        .figure("driverTransactionsPerSecond", driver.transactionsPerSecond(), "transactions/s",
            "the driver's empty transactions")
        .figure("shareOfRawInsert", share, "%", "server's ingest as a share of raw insert")
        .figure("openP50", openPercentileMillis(50), "ms", "latency per batch p50 at " + settings.openPercent() + "%")
        .figure("openP95", openPercentileMillis(95), "ms", "latency per batch p95 at " + settings.openPercent() + "%")
        .figure("openP99", openPercentileMillis(99), "ms", "latency per batch p99 at " + settings.openPercent() + "%")
        .figure("cpuPerMutation", perMutation(closed.jvmCpuNanos(), closed), "µs",
            "CPU per mutation in the JVM (server and phones), closed loop")
        .figure("backendCpuPerMutation", perMutation(closed.backendCpuNanos(), closed), "µs",
            "CPU per mutation in database backends, closed loop")
        .figure("statementsPerBatch", perBatch(statements.statements()), "statements", "database statements per batch")
        .figure("wavesPerBatch", perBatch(statements.waves()), "round trips",
            "sequential waits for statements per batch (BEGIN and COMMIT not counted)")
        .figure("commitsPerBatch", perBatch(serverUse.commits()), "commits", "commits per batch (pg_stat_database)")
        .figure("rss", rssKiB / 1024.0, "MiB", "process RSS after the pushes (server and phones)")
        .atLeast("ingest as a share of the raw-insert ceiling", 100 * TARGET_SHARE_OF_RAW_INSERT, share, "%")
        .atMost("p99 per batch at " + settings.openPercent() + "% of the maximum rate", TARGET_P99_MILLIS,
            openPercentileMillis(99), "ms");
  }

  /** A count over every batch pushed, the warm-up's included, per batch. */
  private double perBatch(long count) {
    return count / Math.max(1.0, pushedChecks / (double) settings.batch());
  }

  private double latency(Phase phase, double percentile) {
    return percentileMillis(phase.pushes(), push -> push.answeredNanos() - push.sentNanos(), percentile);
  }

  private double lateMillis(double percentile) {
    return percentileMillis(open.pushes(), push -> push.sentNanos() - push.dueNanos(), percentile);
  }

  /** pg_stat_database counts from the start of the measured time until the pool closed: warm-up excluded, the drain after it included. */
  private static double perTransaction(Ceilings.Ceiling c, long count) {
    return count / (double) Math.max(1, c.transactions());
  }

  private static double perMutation(long nanos, Phase phase) {
    return nanos / 1e3 / Math.max(1, phase.mutations());
  }

  /** Nearest-rank percentile, in milliseconds. */
  static double percentileMillis(List<Push> pushes, ToLongFunction<Push> nanos, double percentile) {
    if (pushes.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(pushes.size());
    for (Push push : pushes) {
      sorted.add(nanos.applyAsLong(push));
    }
    sorted.sort(null);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }
}
