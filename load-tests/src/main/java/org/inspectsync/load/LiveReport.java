package org.inspectsync.load;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one live-tallies run and whether it passed: every screen opened and stayed open,
 * every push was accepted, and every screen showed every push it watches, with the right counts.
 *
 * @param screensOpened screens that received their snapshot
 * @param openNanos from the first stream requested to the last snapshot received
 * @param extraSnapshots snapshots the screens received while other screens were joining, beyond their first
 * @param idle the server's JVM with no screen (after a few screens opened and closed, so that the
 *     code paths are warm)
 * @param watching with every screen open, before the pushes
 * @param afterPushes with every screen open, after the pushes
 * @param closed after every screen closed
 * @param pushNanos each accepted push's round trip on the phone, in nanoseconds (the floor)
 * @param lagNanos how late each push left against its fixed time
 * @param upperBounds pushes another push overlapped, for which a bureau screen's delay is an upper bound
 * @param delays each delivery: a push's reply to the first event on a screen that includes it
 * @param computed per delivery, the reply to the event's {@code generatedAt} (the server computed it)
 * @param carried per delivery, {@code generatedAt} to the event's arrival on the screen
 * @param expectedDeliveries deliveries there should be: per screen, the pushes of its unit
 * @param updatesPerScreen events each screen received from the first push on, averaged
 */
record LiveReport(LiveSettings settings, String database, int units, int screensOpened, long openNanos,
    double extraSnapshots, MemoryReading idle, MemoryReading watching, MemoryReading afterPushes,
    MemoryReading closed, String collectors, int pushes, List<Long> pushNanos, List<Long> lagNanos, int upperBounds,
    long[] delays, long[] computed, long[] carried, long expectedDeliveries, double updatesPerScreen,
    List<String> errors) {

  /** The targets: commit to delivery p99 below this, in milliseconds ... */
  static final double TARGET_P99_MILLIS = 1000;
  /** ... and at most this much server heap per subscriber, in kB (1,000 bytes). */
  static final double TARGET_HEAP_KB = 10;
  private static final double MIB = 1024.0 * 1024.0;

  boolean ok() {
    return errors.isEmpty() && screensOpened == settings.subscribers() && pushes == settings.pushes()
        && delays.length == expectedDeliveries;
  }

  /** Server heap per screen: (with every screen open − with none) / screens, both after a full GC. */
  double heapPerScreenBytes() {
    return (double) (watching.heapBytes() - idle.heapBytes()) / settings.subscribers();
  }

  /** Nearest-rank percentile in milliseconds. */
  static double percentileMillis(long[] nanos, double percentile) {
    if (nanos.length == 0) {
      return Double.NaN;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  static double percentileMillis(List<Long> nanos, double percentile) {
    return percentileMillis(nanos.stream().mapToLong(Long::longValue).toArray(), percentile);
  }

  double delayMillis(double percentile) {
    return percentileMillis(delays, percentile);
  }

  private static String spread(long[] nanos) {
    return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms",
        percentileMillis(nanos, 50), percentileMillis(nanos, 95), percentileMillis(nanos, 99),
        percentileMillis(nanos, 100));
  }

  /** The figures the benchmarks report reads. */
  Findings findings() {
    double perScreenKb = heapPerScreenBytes() / 1000;
    return new Findings("live-tallies").fact("database", database)
        .errors(errors.size() + (settings.subscribers() - screensOpened) + (settings.pushes() - pushes))
        .figure("subscribers", screensOpened, "screens", "live subscribers open")
        .figure("openSeconds", openNanos / 1e9, "s", "time to open every stream")
        .figure("deliveryP50", delayMillis(50), "ms", "commit to subscriber p50")
        .figure("deliveryP95", delayMillis(95), "ms", "commit to subscriber p95")
        .figure("deliveryP99", delayMillis(99), "ms", "commit to subscriber p99")
        .figure("heapPerSubscriber", perScreenKb, "kB", "server heap per live subscriber")
        .figure("pushP99", percentileMillis(pushNanos, 99), "ms", "push round trip p99 while watched")
        .figure("rssWatched", watching.rssKiB() / 1024.0, "MiB", "server process RSS with every stream open")
        .atMost("commit to delivery p99, " + settings.subscribers() + " subscribers", TARGET_P99_MILLIS,
            delayMillis(99), "ms")
        .atMost("server heap per live subscriber", TARGET_HEAP_KB, perScreenKb, "kB");
  }

  void print(PrintStream out) {
    LiveSettings s = settings;
    out.printf(Locale.ROOT, "live tallies: %d screens over %d units (the bureau and %d stations), %d pushes of one"
        + " check at %d/s from %d phones, streams %s%n", s.subscribers(), units, s.stations(), s.pushes(), s.rate(),
        s.phones(), s.gzip() ? "gzip-compressed" : "uncompressed");
    out.printf(Locale.ROOT, "database: %s%n", database);
    out.printf(Locale.ROOT, "screens: %d of %d opened in %.1f s (%d at a time); %.1f extra snapshots each while"
        + " the others joined%n", screensOpened, s.subscribers(), openNanos / 1e9, s.connecting(), extraSnapshots);
    out.printf(Locale.ROOT, "server heap after full GC (%s): %s idle, %s watched, %s after the pushes, %s after"
        + " closing%n", collectors, mib(idle.heapBytes()), mib(watching.heapBytes()), mib(afterPushes.heapBytes()),
        mib(closed.heapBytes()));
    out.printf(Locale.ROOT, "server heap per screen: %.1f KiB ((watched - idle) / %d screens)%n",
        heapPerScreenBytes() / 1024, s.subscribers());
    long outsideHeapKiB = (watching.rssKiB() - idle.rssKiB())
        - (watching.committedBytes() - idle.committedBytes()) / 1024;
    out.printf(Locale.ROOT, "server process RSS: %.1f MiB idle, %.1f MiB watched, %.1f MiB after closing; heap"
        + " committed %.1f, %.1f, %.1f MiB; RSS outside the heap %+.1f MiB watched (%+.1f KiB per screen);"
        + " threads %d idle, %d watched%n", idle.rssKiB() / 1024.0, watching.rssKiB() / 1024.0,
        closed.rssKiB() / 1024.0, idle.committedBytes() / MIB, watching.committedBytes() / MIB,
        closed.committedBytes() / MIB, outsideHeapKiB / 1024.0, (double) outsideHeapKiB / s.subscribers(),
        idle.threads(), watching.threads());
    out.printf(Locale.ROOT, "pushes: %d of %d accepted; round trip (the floor) %s; left late by p99 %.1f ms, max"
        + " %.1f ms%n", pushes, s.pushes(), spread(pushNanos.stream().mapToLong(Long::longValue).toArray()),
        percentileMillis(lagNanos, 99), percentileMillis(lagNanos, 100));
    out.printf(Locale.ROOT, "commit to screen: %d deliveries of %d; %s%n", delays.length, expectedDeliveries,
        spread(delays));
    out.printf(Locale.ROOT, "  reply to computed (generatedAt): %s%n", spread(computed));
    out.printf(Locale.ROOT, "  computed to screen: %s%n", spread(carried));
    out.printf(Locale.ROOT, "  %d of %d pushes overlapped another, so their bureau delay is an upper bound; %.1f"
        + " events per screen during the pushes%n", upperBounds, pushes, updatesPerScreen);
    Scenario.printEnd(out, errors, ok());
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / MIB);
  }
}
