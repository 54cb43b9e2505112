package org.inspectsync.load;

import java.util.Arrays;
import java.util.Locale;

/** Nearest-rank percentiles of durations measured in nanoseconds, read in milliseconds. */
final class Percentiles {

  private final long[] sorted;

  Percentiles(long[] nanos) {
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  /** The {@code percentile}th (100 is the maximum) in milliseconds, or NaN when there is none. */
  double millis(double percentile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  int count() {
    return sorted.length;
  }

  /** "p50 x ms, p95 y ms, p99 z ms, max w ms". */
  String summary() {
    return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", millis(50),
        millis(95), millis(99), millis(100));
  }
}
