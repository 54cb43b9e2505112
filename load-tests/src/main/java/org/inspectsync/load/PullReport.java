package org.inspectsync.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.inspectsync.load.PullCatchUp.CatchUp;
import org.inspectsync.load.PullCatchUp.Page;
import org.inspectsync.load.PullCatchUp.Together;

/**
 * The figures of one pull run and the targets. The run passed when every pull was answered
 * and every phone ended with exactly the station's records, each once; the targets are reported,
 * not enforced.
 */
record PullReport(PullSettings settings, String database, Duration smallFixtures, Duration largeFixtures,
    CatchUp small, CatchUp large, Together together, long peakRssKiB, String collectors, List<String> errors) {

  /** The targets: a page of 1,000 changes with a p99 below this, in milliseconds ... */
  static final double TARGET_PAGE_P99_MILLIS = 50;
  /** ... and a cold phone caught up with 100,000 changes within this, in seconds, with flat memory ... */
  static final double TARGET_CATCH_UP_SECONDS = 10;
  /** ... read here as: the heap after a full collection holds no more than this, in MiB, after the catch-up than before. */
  static final double TARGET_HEAP_KEPT_MIB = 1;
  private static final double MIB = 1024.0 * 1024.0;

  boolean ok() {
    return errors.isEmpty() && !small.pages().isEmpty() && !large.pages().isEmpty() && !together.pages().isEmpty();
  }

  /** The figures the benchmarks report reads. */
  Findings findings() {
    Together t = together;
    double kept = (large.heapAfter() - large.heapBefore()) / MIB;
    return new Findings("pull").fact("database", database).errors(errors.size())
        .figure("catchUpSeconds", large.elapsedNanos() / 1e9, "s", "cold phone, " + large.changes() + " changes")
        .figure("rowsPerSecond", large.changesPerSecond(), "rows/s", "pull rows per second, one cold phone")
        .figure("pageP50", millis(large.pages(), 50), "ms", "page of " + settings.limit() + " p50, one phone")
        .figure("pageP99", millis(large.pages(), 99), "ms", "page of " + settings.limit() + " p99, one phone")
        .figure("togetherRowsPerSecond", t.phones() * (double) t.changesEach() / (t.elapsedNanos() / 1e9), "rows/s",
            "pull rows per second, " + t.phones() + " cold phones at once")
        .figure("togetherPageP99", millis(t.pages(), 99), "ms", "page p99, " + t.phones() + " phones at once")
        .figure("heapKept", kept, "MiB", "heap kept after the catch-up (after full GC)")
        .figure("oldGenerationPeak", large.oldPeak() / MIB, "MiB", "old generation at most during the catch-up")
        .figure("peakRss", peakRssKiB / 1024.0, "MiB", "process RSS peak of the run (server and phones)")
        .atMost("page of " + settings.limit() + " changes p99, one phone", TARGET_PAGE_P99_MILLIS,
            millis(large.pages(), 99), "ms")
        .atMost("page of " + settings.limit() + " changes p99, " + t.phones() + " phones at once",
            TARGET_PAGE_P99_MILLIS, millis(t.pages(), 99), "ms")
        .atMost("cold phone catching up " + large.changes() + " changes", TARGET_CATCH_UP_SECONDS,
            large.elapsedNanos() / 1e9, "s")
        .atMost("heap kept after the catch-up (flat memory)", TARGET_HEAP_KEPT_MIB, kept, "MiB");
  }

  void print(PrintStream out) {
    PullSettings s = settings;
    out.printf(Locale.ROOT, "pull: one station, cold phones pulling from the empty cursor with limit=%d until"
        + " hasMore is false; server pool %d connections; heap collectors: %s%n", s.limit(), s.poolSize(), collectors);
    out.printf(Locale.ROOT, "database: %s%n", database);
    out.printf(Locale.ROOT, "fixtures: %d entities, %d assignments (one per phone), market checks by SQL in"
        + " transactions of 1000: %d in %.1f s, then %d more in %.1f s (VACUUM ANALYZE included)%n",
        PullSettings.ENTITIES, s.concurrentPhones() + 3, s.smallChanges() - PullSettings.ENTITIES - 1,
        smallFixtures.toMillis() / 1000.0, s.changes() - s.smallChanges(), largeFixtures.toMillis() / 1000.0);
    for (CatchUp c : List.of(small, large)) {
      out.printf(Locale.ROOT, "cold phone, %d changes: %d pages in %.2f s, %.0f changes/s; per page p50 %.1f ms,"
          + " p95 %.1f ms, p99 %.1f ms, max %.1f ms; %.0f bytes per full page (%.0f per change), %.1f MiB in all%n",
          c.changes(), c.pages().size(), c.elapsedNanos() / 1e9, c.changesPerSecond(), millis(c.pages(), 50),
          millis(c.pages(), 95), millis(c.pages(), 99), millis(c.pages(), 100), bytesPerFullPage(c.pages()),
          bytesPerChange(c.pages()), totalBytes(c.pages()) / MIB);
      out.printf(Locale.ROOT, "  heap in use after full GC: %.1f MiB before, %.1f MiB after; sampled every 50 ms"
          + " during it: peak %.1f MiB in use (garbage included), old generation at most %.1f MiB; %d collections;"
          + " RSS after %.1f MiB%n", c.heapBefore() / MIB, c.heapAfter() / MIB, c.heapPeak() / MIB,
          c.oldPeak() / MIB, c.collections(), c.rssKiB() / 1024.0);
      out.printf(Locale.ROOT, "  CPU per change: %.1f us in this JVM, of which %.1f us on the phone's thread"
          + " (the rest: the server, the HTTP client's selector, GC); %.1f us in database backends%n",
          perChange(c.jvmCpuNanos(), c.changes()), perChange(c.phoneCpuNanos(), c.changes()),
          perChange(c.backendCpuNanos(), c.changes()));
    }
    Together t = together;
    long changesTogether = (long) t.phones() * t.changesEach();
    out.printf(Locale.ROOT, "%d cold phones at once, %d changes each: %d pages in %.2f s, %.1f pages/s, %.0f"
        + " changes/s; per page p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; CPU per change %.1f us in this"
        + " JVM, %.1f us in database backends%n", t.phones(), t.changesEach(), t.pages().size(),
        t.elapsedNanos() / 1e9, t.pagesPerSecond(), changesTogether / (t.elapsedNanos() / 1e9),
        millis(t.pages(), 50), millis(t.pages(), 95), millis(t.pages(), 99), millis(t.pages(), 100),
        perChange(t.jvmCpuNanos(), changesTogether), perChange(t.backendCpuNanos(), changesTogether));
    out.printf(Locale.ROOT, "process RSS peak of the run: %.1f MiB%n", peakRssKiB / 1024.0);
    double p99 = millis(large.pages(), 99);
    double seconds = large.elapsedNanos() / 1e9;
    double grown = (large.heapAfter() - large.heapBefore()) / MIB;
    out.printf(Locale.ROOT, "target: page of %d p99 < %.0f ms (one phone, %d changes): %s (%.1f ms);"
        + " %d changes caught up in < %.0f s: %s (%.2f s); heap: %+.1f MiB kept after the larger catch-up, old generation"
        + " at most %.1f MiB against %.1f MiB for %.1f times fewer changes%n", s.limit(), TARGET_PAGE_P99_MILLIS,
        large.changes(), p99 < TARGET_PAGE_P99_MILLIS ? "met" : "missed", p99, large.changes(),
        TARGET_CATCH_UP_SECONDS, seconds < TARGET_CATCH_UP_SECONDS ? "met" : "missed", seconds, grown,
        large.oldPeak() / MIB, small.oldPeak() / MIB, large.changes() / (double) small.changes());
    Scenario.printEnd(out, errors, ok());
  }

  /** Nearest-rank percentile of the pages' round trips, in milliseconds. */
  static double millis(List<Page> pages, double percentile) {
    return percentile(pages, Page::nanos, percentile) / 1e6;
  }

  private static double bytesPerFullPage(List<Page> pages) {
    int limit = pages.stream().mapToInt(Page::changes).max().orElse(0);
    return pages.stream().filter(p -> p.changes() == limit).mapToLong(Page::bytes).average().orElse(Double.NaN);
  }

  private static double bytesPerChange(List<Page> pages) {
    return totalBytes(pages) / (double) Math.max(1, pages.stream().mapToLong(Page::changes).sum());
  }

  private static long totalBytes(List<Page> pages) {
    return pages.stream().mapToLong(Page::bytes).sum();
  }

  private static double perChange(long nanos, long changes) {
    return nanos / 1e3 / Math.max(1, changes);
  }

  private static double percentile(List<Page> pages, ToLongFunction<Page> value, double percentile) {
    if (pages.isEmpty()) {
      return Double.NaN;
    }
    long[] sorted = pages.stream().mapToLong(value).sorted().toArray();
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
