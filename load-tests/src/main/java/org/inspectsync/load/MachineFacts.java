package org.inspectsync.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmarks run measured, read at run time from {@code /proc} and the JVM; a fact
 * that cannot be read is "unknown".
 *
 * @param cpu the CPU's model name and how many processors the kernel shows
 * @param memory total and available memory
 * @param kernel the running kernel's release
 * @param java the JVM's version, vendor and VM
 */
record MachineFacts(String cpu, String memory, String kernel, String java) {

  private static final String UNKNOWN = "unknown";

  static MachineFacts read() {
    return new MachineFacts(readCpu(), readMemory(), firstLine(Path.of("/proc/sys/kernel/osrelease")), readJava());
  }

  /** The 1-minute load average, as {@code /proc/loadavg} gives it. */
  static String loadAverage() {
    String line = firstLine(Path.of("/proc/loadavg"));
    return line.equals(UNKNOWN) ? line : line.split("\\s+")[0];
  }

  private static String readCpu() {
    List<String> lines = lines(Path.of("/proc/cpuinfo"));
    String model = lines.stream().filter(l -> l.startsWith("model name")).map(MachineFacts::value).findFirst()
        .orElse(UNKNOWN);
    long processors = lines.stream().filter(l -> l.startsWith("processor")).count();
    return String.format(Locale.ROOT, "%s, %d processors (JVM sees %d)", model, processors,
        Runtime.getRuntime().availableProcessors());
  }

  private static String readMemory() {
    List<String> lines = lines(Path.of("/proc/meminfo"));
    double total = kib(lines, "MemTotal");
    double available = kib(lines, "MemAvailable");
    if (Double.isNaN(total)) {
      return UNKNOWN;
    }
    return String.format(Locale.ROOT, "%.1f GiB, %.1f GiB available at the start", total / (1 << 20),
        available / (1 << 20));
  }

  private static String readJava() {
    return System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ", "
        + System.getProperty("java.vm.name") + ")";
  }

  private static double kib(List<String> meminfo, String field) {
    return meminfo.stream().filter(l -> l.startsWith(field + ":"))
        .mapToDouble(l -> Double.parseDouble(value(l).split("\\s+")[0])).findFirst().orElse(Double.NaN);
  }

  private static String value(String line) {
    return line.substring(line.indexOf(':') + 1).trim();
  }

  private static String firstLine(Path file) {
    List<String> lines = lines(file);
    return lines.isEmpty() ? UNKNOWN : lines.get(0).trim();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
