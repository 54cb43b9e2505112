package org.inspectsync.load;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * This JVM's memory at one moment: heap in use right after a full collection (what is still
 * reachable), the process's resident set from {@code /proc/self/status}, and its live threads.
 *
 * @param heapBytes heap used after {@code System.gc()}, which is a full collection with the
 *     JVM's default collectors
 * @param committedBytes heap the JVM holds from the system at that moment (part of the RSS)
 * @param rssKiB {@code VmRSS}, or -1 where {@code /proc} is missing
 * @param threads live Java threads
 */
record MemoryReading(long heapBytes, long committedBytes, long rssKiB, int threads) {

  static MemoryReading afterFullGc() throws InterruptedException {
    // Twice: objects freed by the first collection's finalisation and cleaners go in the second.
    for (int round = 0; round < 2; round++) {
      System.gc();
      Thread.sleep(200);
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new MemoryReading(heap.getUsed(), heap.getCommitted(), statusKiB("VmRSS:"),
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  static String collectors() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(", "));
  }

  private static long statusKiB(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
