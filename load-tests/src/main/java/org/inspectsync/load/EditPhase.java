package org.inspectsync.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The counted pushes of one phase of a workload and what they cost.
 *
 * @param name e.g. "conflict-free, round 1"
 * @param conflictPercent the share of concurrent edits the workload asked for
 * @param pushes the pushes counted
 * @param elapsed the counted time
 * @param jvmCpuNanos this JVM's CPU time over the counted time: server, phones, HTTP client, GC
 * @param backendCpuNanos the database backends' CPU time over the counted time
 */
record EditPhase(String name, int conflictPercent, List<TimedPush> pushes, Duration elapsed, long jvmCpuNanos,
    long backendCpuNanos) {

  /** One push: when it was due (open model; otherwise when it left), when it left, when it was answered. */
  record TimedPush(long dueNanos, long sentNanos, long answeredNanos, FindingEditor.Outcome outcome) {
  }

  long mutations() {
    return sum(p -> p.outcome().mutations());
  }

  long concurrent() {
    return sum(p -> p.outcome().concurrent());
  }

  long reported() {
    return sum(p -> p.outcome().reported());
  }

  double mutationsPerSecond() {
    return mutations() / Math.max(elapsed.toNanos() / 1e9, 1e-9);
  }

  /** The share of the counted mutations that were concurrent edits, in percent. */
  double concurrentPercent() {
    return 100.0 * concurrent() / Math.max(1, mutations());
  }

  /** Round trip of a push, from when it left, in milliseconds (nearest rank). */
  double latencyMillis(double percentile) {
    return percentileMillis(p -> p.answeredNanos() - p.sentNanos(), percentile);
  }

  /** From when a push was due to its answer, in milliseconds: the open model's latency. */
  double fromDueMillis(double percentile) {
    return percentileMillis(p -> p.answeredNanos() - p.dueNanos(), percentile);
  }

  double jvmMicrosPerMutation() {
    return jvmCpuNanos / 1e3 / Math.max(1, mutations());
  }

  double backendMicrosPerMutation() {
    return backendCpuNanos / 1e3 / Math.max(1, mutations());
  }

  private long sum(ToLongFunction<TimedPush> count) {
    return pushes.stream().mapToLong(count).sum();
  }

  private double percentileMillis(ToLongFunction<TimedPush> nanos, double percentile) {
    if (pushes.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(pushes.size());
    for (TimedPush push : pushes) {
      sorted.add(nanos.applyAsLong(push));
    }
    sorted.sort(null);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }
}
