package org.inspectsync.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Steps of a run done by many phones at once: one task per index, within a deadline. */
final class Parallel {

  interface Task {
    void run(int index) throws Exception;
  }

  private Parallel() {
  }

  /** Runs {@code task} for 0 to {@code count - 1} on {@code threads} threads; the first failure is thrown. */
  static void each(int count, int threads, long deadlineNanos, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      each(pool, count, deadlineNanos, task);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** Runs {@code task} for 0 to {@code count - 1} on {@code pool} and waits for all; the first failure is thrown. */
  static void each(ExecutorService pool, int count, long deadlineNanos, Task task) throws Exception {
    List<Future<Void>> running = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = i;
      running.add(pool.submit(() -> {
        task.run(index);
        return null;
      }));
    }
    for (Future<Void> f : running) {
      try {
        f.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      } catch (TimeoutException e) {
        throw new IllegalStateException("not done within the run's time limit", e);
      }
    }
  }
}
