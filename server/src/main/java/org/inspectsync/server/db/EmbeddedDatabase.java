package org.inspectsync.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server for development and tests, run from the binaries that zonky ships in a jar.
 * Its data lives in a directory of the caller's choosing that is never cleaned: the next start
 * reuses it.
 *
 * <p>Running as root: initdb and postgres refuse to run with effective uid 0. zonky (2.x) already
 * deals with that: when the JVM runs as uid 0 and {@code unshare -U} works, it runs initdb and
 * pg_ctl as {@code unshare -U <binary> ...}, in a new user namespace without a uid mapping. There
 * the effective uid reads as 65534 (nobody), so PostgreSQL's root check passes, while the kernel
 * still acts with the real (root) credentials, so files stay readable and writable. The data
 * directory is owned by root on disk and also reads as 65534 inside, so PostgreSQL's "data
 * directory is owned by me, mode 0700" check holds on every restart too. For any other user
 * zonky runs the binaries directly. All this class adds is a clear error when that path is
 * unavailable.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** An address, not "localhost", so clients never try ::1 while the server listens on IPv4. */
  private static final String HOST = "127.0.0.1";
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";
  /** zonky's own lock in the data directory; held while a JVM uses the directory. */
  private static final String ZONKY_LOCK_FILE = "epg-lock";
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts (or restarts on existing data) PostgreSQL with its data in dataDir. Blocking; call from
   * main or a worker.
   */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (dir.startsWith(zonkyWorkingDirectory())) {
      // zonky deletes unlocked directories there, taking them for leftovers of old test runs.
      throw new IllegalArgumentException(
          "Data directory " + dir + " would be deleted by zonky; keep it out of "
              + zonkyWorkingDirectory());
    }
    if (runningAsRoot() && !LinuxUtils.isUnshareAvailable()) {
      throw new IOException(
          "PostgreSQL refuses to run as root, and `unshare -U` (util-linux, with user namespaces"
              + " enabled) is not available to run it as an unprivileged user; run as a normal user");
    }
    clearStaleServer(dir);
    try {
      return new EmbeddedDatabase(
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(STARTUP_WAIT) // includes crash recovery after a kill
              .setServerConfig("listen_addresses", HOST)
              .setServerConfig("max_connections", "100")
              // zonky tunes for throwaway data: it passes -F (fsync off) and synchronous_commit=off.
              // This data is kept, so restore PostgreSQL's durable defaults (-c wins over -F).
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              // TCP only: no socket or socket lock file in /tmp to go stale between runs.
              .setServerConfig("unix_socket_directories", "")
              .start());
    } catch (RuntimeException e) { // zonky reports a failed initdb this way
      throw new IOException("Could not start PostgreSQL in " + dir, e);
    }
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return postgres.getPort();
  }

  public String database() {
    return DATABASE;
  }

  public String user() {
    return USER;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + DATABASE + "?user=" + USER;
  }

  /** Stops the server (fast shutdown: open sessions are ended) and keeps the data. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes what a previous run may have left that would stop PostgreSQL from starting. A JVM
   * killed with SIGKILL leaves its postmaster running (pg_ctl detaches it), still holding the data
   * directory: ask it to shut down. After a reboot or container restart, postmaster.pid may name a
   * pid now used by an unrelated process, which PostgreSQL would take for a live server: delete the
   * file. Both only while holding zonky's lock, so a server that a live JVM uses is never touched.
   */
  private static void clearStaleServer(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try (FileChannel channel =
            FileChannel.open(
                dataDir.resolve(ZONKY_LOCK_FILE),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw new IOException(dataDir + " is in use by another process");
      }
      Optional<ProcessHandle> postmaster =
          postmasterPid(pidFile)
              .flatMap(ProcessHandle::of)
              .filter(process -> servesDirectory(process, dataDir));
      if (postmaster.isEmpty()) {
        Files.deleteIfExists(pidFile);
        return;
      }
      LOG.warn("Stopping PostgreSQL (pid {}) left running on {}", postmaster.get().pid(), dataDir);
      postmaster.get().destroy(); // SIGTERM: shuts down once its (dead) clients' sessions end
      postmaster.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (OverlappingFileLockException e) {
      throw new IOException(dataDir + " is already in use in this JVM", e);
    } catch (TimeoutException | ExecutionException e) {
      throw new IOException("PostgreSQL left running on " + dataDir + " did not stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while stopping PostgreSQL on " + dataDir);
    }
  }

  private static Optional<Long> postmasterPid(Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile);
    try {
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the process is a postgres started with {@code -D dataDir}. */
  private static boolean servesDirectory(ProcessHandle process, Path dataDir) {
    List<String> args = process.info().arguments().map(List::of).orElse(List.of());
    int d = args.indexOf("-D");
    return process.info().command().orElse("").contains("postgres")
        && d >= 0
        && d + 1 < args.size()
        && Path.of(args.get(d + 1)).toAbsolutePath().normalize().equals(dataDir);
  }

  /** Where zonky unpacks its binaries and keeps, then deletes, throwaway data directories. */
  private static Path zonkyWorkingDirectory() {
    String fallback = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString();
    return Path.of(System.getProperty("ot.epg.working-dir", fallback)).toAbsolutePath().normalize();
  }

  /** Whether the effective uid is 0, from /proc (Linux); false where there is no /proc. */
  private static boolean runningAsRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) { // real, effective, saved, filesystem
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return false;
  }
}
