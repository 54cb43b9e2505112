package org.inspectsync.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open model: each device's request is due at a time drawn from a seeded schedule, and leaves
 * at that time whatever the server is doing with earlier ones. The devices' calls are blocking (the
 * protocol's reference client), so each runs on a thread of its own, up to a cap on requests in
 * flight; if the cap is ever reached the next device waits for a thread, and its wait is counted
 * in its latency, which runs from the due time. The cap being reached is reported.
 */
final class OpenSchedule {

  /** How long after the schedule is made the first device may be due, so the threads are ready. */
  private static final long LEAD_NANOS = 200_000_000L;

  /** What a device does when its time comes; {@code dueNanos} is on {@link System#nanoTime}'s clock. */
  interface Call {
    void run(long dueNanos);
  }

  /**
   * How the schedule went.
   *
   * @param startNanos the schedule's time zero
   * @param endNanos when the last call returned
   * @param capHits devices that found every thread busy at their due time and waited for one
   * @param maxInFlight the most calls running at once
   */
  record Outcome(long startNanos, long endNanos, int capHits, int maxInFlight) {

    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }
  }

  private OpenSchedule() {
  }

  /** {@code count} due times, uniform over the window (arrivals of a Poisson process given their number), by device. */
  static long[] dueOffsets(int count, Duration window, long seed) {
    Random random = new Random(seed);
    long[] offsets = new long[count];
    for (int d = 0; d < count; d++) {
      offsets[d] = (long) (random.nextDouble() * window.toNanos());
    }
    return offsets;
  }

  /**
   * Runs device {@code d}'s call at {@code start + offsets[d]}, preparing it (its offline work)
   * just before. A call records its own failures; anything it throws goes to {@code errors}.
   */
  static Outcome run(long[] offsets, IntFunction<Call> prepare, int cap, long deadlineNanos, List<String> errors)
      throws InterruptedException {
    Integer[] order = new Integer[offsets.length];
    Arrays.setAll(order, d -> d);
    Arrays.sort(order, Comparator.comparingLong(d -> offsets[d]));
    ExecutorService threads = Executors.newFixedThreadPool(cap);
    Semaphore slots = new Semaphore(cap);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    int capHits = 0;
    long start = System.nanoTime() + LEAD_NANOS;
    try {
      for (int d : order) {
        Call call = prepare.apply(d);
        long due = start + offsets[d];
        LockSupport.parkNanos(due - System.nanoTime());
        if (!slots.tryAcquire()) {
          capHits++;
          slots.acquire();
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        threads.execute(() -> {
          try {
            call.run(due);
          } catch (RuntimeException | Error e) {
            errors.add("device " + (d + 1) + ": " + e);
          } finally {
            inFlight.decrementAndGet();
            slots.release();
          }
        });
      }
      if (!slots.tryAcquire(cap, Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(inFlight.get() + " calls still running at the run's time limit");
      }
      return new Outcome(start, System.nanoTime(), capHits, maxInFlight.get());
    } finally {
      threads.shutdownNow();
      threads.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
