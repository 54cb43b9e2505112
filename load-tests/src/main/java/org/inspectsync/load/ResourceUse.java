package org.inspectsync.load;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * CPU and database work at one moment, so that a phase's cost is the difference of two readings:
 * this JVM's CPU time (the server and the simulated phones, or the ceiling's client), the CPU time
 * of the PostgreSQL backends connected to the run's database (found by the database name in their
 * process title; backends that exit between readings are not counted), and the database's
 * committed transactions and written tuples from {@code pg_stat_database}.
 */
record ResourceUse(long jvmCpuNanos, long backendCpuNanos, long commits, long tuplesWritten) {

  /** Linux reports process times in clock ticks of 1/100 s (getconf CLK_TCK). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  static ResourceUse now(LoadDatabase db) throws SQLException {
    long commits;
    long written;
    try (Connection connection = db.connect();
         PreparedStatement query = connection.prepareStatement(
             "SELECT xact_commit, tup_inserted + tup_updated FROM pg_stat_database WHERE datname = ?")) {
      query.setString(1, db.settings().database());
      try (ResultSet row = query.executeQuery()) {
        row.next();
        commits = row.getLong(1);
        written = row.getLong(2);
      }
    }
    return new ResourceUse(processCpuNanos(), backendCpuNanos(db.settings().database()), commits, written);
  }

  ResourceUse since(ResourceUse earlier) {
    return new ResourceUse(jvmCpuNanos - earlier.jvmCpuNanos, backendCpuNanos - earlier.backendCpuNanos,
        commits - earlier.commits, tuplesWritten - earlier.tuplesWritten);
  }

  static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** {@code VmRSS} or {@code VmHWM} (the peak) of this process, in KiB, or -1 without /proc. */
  static long statusKiB(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** utime + stime of every process whose title names the database: the backends serving it. */
  static long backendCpuNanos(String database) {
    long ticks = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        try {
          String title = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
          if (!title.startsWith("postgres: ") || !title.contains(" " + database + " ")) {
            continue;
          }
          String stat = Files.readString(process.resolve("stat"));
          // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
          // The process ended while being read.
        }
      }
    } catch (IOException noProc) {
      return 0;
    }
    return ticks * NANOS_PER_TICK;
  }
}
