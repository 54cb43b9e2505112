package org.inspectsync.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives every phone's {@link FindingEditor} for one phase, one thread per phone: in a closed
 * loop, each phone pushing again as soon as it is answered, which finds the maximum rate; or on a
 * fixed schedule at a given rate (an open model), with latency counted from when each push was
 * due, so that a late send is not hidden. Stops early once an error is recorded. Between phases no
 * push is in flight; fresh changes nobody took stay in stock for the next conflicting phase, so
 * that it conflicts as much from its first push on.
 */
final class EditLoop {

  /** How long the first scheduled push waits after the schedule is made, so that every phone is ready. */
  private static final long SCHEDULE_LEAD_NANOS = 200_000_000L;

  private final List<FindingEditor> editors;
  private final ExecutorService threads;
  private final String database;
  private final List<String> errors;
  private final long deadline;

  /** {@code threads} must run one task per phone and one more at once. */
  EditLoop(List<FindingEditor> editors, ExecutorService threads, String database, List<String> errors,
      long deadline) {
    this.editors = editors;
    this.threads = threads;
    this.database = database;
    this.errors = errors;
    this.deadline = deadline;
  }

  /** Pushes answered after {@code settle} and within {@code counted} after it count. */
  EditPhase closed(String name, int conflictPercent, Duration settle, Duration counted) throws Exception {
    long from = System.nanoTime() + settle.toNanos();
    long to = from + counted.toNanos();
    List<EditPhase.TimedPush> pushes = Collections.synchronizedList(new ArrayList<>());
    long[] startCpu = new long[2];
    Future<?> marker = readCpuAt(from, startCpu);
    all(p -> {
      while (System.nanoTime() < to && errors.isEmpty()) {
        long sent = System.nanoTime();
        FindingEditor.Outcome outcome = editors.get(p).pushBatch(conflictPercent);
        long answered = System.nanoTime();
        if (answered >= from && answered <= to) {
          pushes.add(new EditPhase.TimedPush(sent, sent, answered, outcome));
        }
      }
    });
    marker.get();
    long jvm = ResourceUse.processCpuNanos() - startCpu[0];
    long backend = ResourceUse.backendCpuNanos(database) - startCpu[1];
    return new EditPhase(name, conflictPercent, List.copyOf(pushes), counted, jvm, backend);
  }

  /**
   * Push i is due {@code i} intervals after the start, at {@code mutationsPerSecond}; phone i mod P
   * sends it. The first {@code settle} of the schedule is pushed but not counted.
   */
  EditPhase onSchedule(String name, int conflictPercent, double mutationsPerSecond, int batch, Duration settle,
      Duration counted) throws Exception {
    long interval = (long) (1e9 / Math.max(mutationsPerSecond / batch, 1e-3));
    int total = (int) Math.max(1, (settle.toNanos() + counted.toNanos()) / interval);
    long start = System.nanoTime() + SCHEDULE_LEAD_NANOS;
    long from = start + settle.toNanos();
    List<EditPhase.TimedPush> pushes = Collections.synchronizedList(new ArrayList<>());
    long[] startCpu = new long[2];
    Future<?> marker = readCpuAt(from, startCpu);
    int phones = editors.size();
    all(p -> {
      for (int i = p; i < total && errors.isEmpty(); i += phones) {
        long due = start + i * interval;
        LockSupport.parkNanos(due - System.nanoTime());
        long sent = System.nanoTime();
        FindingEditor.Outcome outcome = editors.get(p).pushBatch(conflictPercent);
        if (due >= from) {
          pushes.add(new EditPhase.TimedPush(due, sent, System.nanoTime(), outcome));
        }
      }
    });
    marker.get();
    long end = System.nanoTime();
    long jvm = ResourceUse.processCpuNanos() - startCpu[0];
    long backend = ResourceUse.backendCpuNanos(database) - startCpu[1];
    return new EditPhase(name, conflictPercent, List.copyOf(pushes), Duration.ofNanos(Math.max(1, end - from)), jvm,
        backend);
  }

  /** At {@code from}, on a thread of its own, reads the JVM's and the backends' CPU time into {@code cpu}. */
  private Future<?> readCpuAt(long from, long[] cpu) {
    return threads.submit(() -> {
      LockSupport.parkNanos(from - System.nanoTime());
      cpu[0] = ResourceUse.processCpuNanos();
      cpu[1] = ResourceUse.backendCpuNanos(database);
    });
  }

  /** Runs the task for every phone at once and waits for all, within the run's deadline. */
  private void all(Parallel.Task task) throws Exception {
    Parallel.each(threads, editors.size(), deadline, task);
  }
}
