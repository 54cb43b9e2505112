package org.inspectsync.load;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.client.SyncClient;

/**
 * Cold phones catching up with one station through pull, in one run against a fresh database. The
 * station's records are written straight into PostgreSQL (its register of business entities and
 * the inspectors' assignments by {@link CityFixtures}, then market checks by {@code INSERT ...
 * SELECT generate_series}, 1,000 rows a transaction, so the triggers stamp txid and change_seq as
 * for pushed checks). Then, against an in-process server on 127.0.0.1:
 *
 * <ol>
 *   <li>a phone catches up with the smaller station from the empty cursor, page by page, until
 *       {@code hasMore} is false, not counted (it warms the server up);</li>
 *   <li>a cold phone does the same, measured: pages, bytes, CPU, and the heap after a full
 *       collection before and after, with its peak sampled in between;</li>
 *   <li>more checks are written, up to the larger size, and another cold phone catches up with it,
 *       measured the same way, so the two heap figures can be compared;</li>
 *   <li>several cold phones catch up with the larger station at once.</li>
 * </ol>
 *
 * <p>Every phone must end with exactly the station's records, each once; anything else, or any
 * failed pull, fails the run. Parameters are system properties, see {@link PullSettings}.
 */
public final class PullCatchUp {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Market checks written per fixture transaction. */
  private static final int FIXTURE_ROWS_PER_TRANSACTION = 1000;
  private static final String INSERT_CHECKS = """
      INSERT INTO market_checks (id, station_id, entity_id, inspector_id, performed_at, latitude, longitude, outcome)
      SELECT gen_random_uuid(), ?, e.ids[1 + g % e.n], ?,
             timestamptz '2026-11-22 08:30+08' + g * interval '30 seconds',
             30.24 + random() * 0.06, 120.12 + random() * 0.08,
             CASE WHEN g % 4 = 0 THEN 'hazards_found' ELSE 'passed' END
      FROM generate_series(?, ?) AS g,
           (SELECT array_agg(id) AS ids, count(*)::int AS n FROM business_entities WHERE station_id = ?) AS e
      """;

  private PullCatchUp() {
  }

  public static void main(String[] args) {
    Scenario.exit(() -> {
      PullReport report = run(PullSettings.fromSystemProperties(), System.out);
      report.findings().writeIfAsked();
      return report.ok();
    });
  }

  /** One answered pull: round trip as the phone saw it, body size, changes in it. */
  record Page(long nanos, long bytes, int changes) {
  }

  /**
   * One cold phone's catch-up, measured.
   *
   * @param heapBefore heap in use after a full collection just before the first pull, in bytes
   * @param heapAfter the same just after the last
   * @param heapPeak the most heap in use seen by the sampler during the catch-up (garbage included)
   * @param oldPeak the most the old generation held, sampled likewise: what survived young collections
   * @param collections garbage collections (young and full) during the catch-up
   * @param rssKiB the process's {@code VmRSS} right after the last pull
   */
  record CatchUp(int changes, List<Page> pages, long elapsedNanos, long jvmCpuNanos, long phoneCpuNanos,
      long backendCpuNanos, long heapBefore, long heapAfter, long heapPeak, long oldPeak, long collections,
      long rssKiB) {

    double changesPerSecond() {
      return changes / Math.max(elapsedNanos / 1e9, 1e-9);
    }
  }

  /** Phones catching up at once: all their pages, the wall time until the last one was caught up. */
  record Together(int phones, int changesEach, List<Page> pages, long elapsedNanos, long jvmCpuNanos,
      long backendCpuNanos) {

    double pagesPerSecond() {
      return pages.size() / Math.max(elapsedNanos / 1e9, 1e-9);
    }
  }

  static PullReport run(PullSettings settings, PrintStream out) throws Exception {
    long deadline = System.nanoTime() + settings.timeLimit().toNanos();
    try (LoadRun run = LoadRun.start("pull")) {
      LoadDatabase db = run.db();
      String database = run.database();
      CityFixtures.City city;
      // The entities and one assignment per phone are part of what each phone receives.
      int alreadyThere = PullSettings.ENTITIES + 1;
      Duration smallFixtures;
      try (Connection connection = db.connect()) {
        city = CityFixtures.create(connection, settings.city(), run.tag());
        connection.setAutoCommit(true);
        smallFixtures = writeChecks(connection, city, 0, settings.smallChanges() - alreadyThere);
      }
      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      String dbName = db.settings().database();
      ExecutorService threads = Executors.newFixedThreadPool(settings.concurrentPhones());
      try {
        try (LoadServer server = run.server(settings.poolSize())) {
          URI base = server.uri();
          HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10)).build();
          List<ColdPhone> phones = new ArrayList<>();
          for (CityFixtures.Inspector inspector : city.inspectors()) {
            phones.add(new ColdPhone(new PulledPages(http), base, inspector.username()));
          }
          List<Future<Void>> logins = new ArrayList<>();
          for (ColdPhone phone : phones) {
            logins.add(threads.submit(() -> {
              phone.login();
              return null;
            }));
          }
          for (Future<Void> login : logins) {
            waitFor(login, deadline);
          }

          phones.get(0).catchUp(settings.limit(), settings.smallChanges(), errors, deadline);
          phones.get(0).check(settings.smallChanges(), errors);
          CatchUp small = measured(phones.get(1), settings, settings.smallChanges(), dbName, errors, deadline);

          Duration largeFixtures;
          try (Connection connection = db.connect()) {
            largeFixtures = writeChecks(connection, city, settings.smallChanges() - alreadyThere,
                settings.changes() - settings.smallChanges());
          }
          CatchUp large = measured(phones.get(2), settings, settings.changes(), dbName, errors, deadline);

          Together together = together(threads, phones.subList(3, phones.size()), settings, dbName, errors,
              deadline);
          PullReport report = new PullReport(settings, database, smallFixtures, largeFixtures, small, large,
              together, ResourceUse.statusKiB("VmHWM"), MemoryReading.collectors(), List.copyOf(errors));
          report.print(out);
          return report;
        }
      } finally {
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Market checks numbered {@code from} to {@code from + count - 1}, by the first inspector, spread
   * over the register, in transactions of 1,000; then VACUUM ANALYZE, as autovacuum would do in time.
   */
  static Duration writeChecks(Connection connection, CityFixtures.City city, int from, int count)
      throws SQLException {
    long start = System.nanoTime();
    UUID station = city.stationIds().get(0);
    UUID inspector;
    try (PreparedStatement query = connection.prepareStatement("SELECT id FROM users WHERE username = ?")) {
      query.setString(1, city.inspectors().get(0).username());
      try (ResultSet row = query.executeQuery()) {
        row.next();
        inspector = row.getObject(1, UUID.class);
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_CHECKS)) {
      for (int first = from; first < from + count; first += FIXTURE_ROWS_PER_TRANSACTION) {
        insert.setObject(1, station);
        insert.setObject(2, inspector);
        insert.setInt(3, first);
        insert.setInt(4, Math.min(first + FIXTURE_ROWS_PER_TRANSACTION, from + count) - 1);
        insert.setObject(5, station);
        insert.executeUpdate();
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE market_checks");
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** One cold phone's catch-up with the heap read before and after and sampled in between. */
  private static CatchUp measured(ColdPhone phone, PullSettings settings, int expected, String database,
      List<String> errors, long deadline) throws Exception {
    phone.prepare(expected);
    long heapBefore = MemoryReading.afterFullGc().heapBytes();
    long jvmCpu = ResourceUse.processCpuNanos();
    long backendCpu = ResourceUse.backendCpuNanos(database);
    long phoneCpu = THREADS.getCurrentThreadCpuTime();
    long collections = collections();
    long start = System.nanoTime();
    List<Page> pages;
    long peak;
    long oldPeak;
    try (HeapSampler sampler = HeapSampler.start()) {
      pages = phone.catchUp(settings.limit(), expected, errors, deadline);
      peak = sampler.peak();
      oldPeak = sampler.oldPeak();
    }
    collections = collections() - collections;
    long elapsed = System.nanoTime() - start;
    phoneCpu = THREADS.getCurrentThreadCpuTime() - phoneCpu;
    jvmCpu = ResourceUse.processCpuNanos() - jvmCpu;
    backendCpu = ResourceUse.backendCpuNanos(database) - backendCpu;
    long rss = ResourceUse.statusKiB("VmRSS");
    long heapAfter = MemoryReading.afterFullGc().heapBytes();
    phone.check(expected, errors);
    return new CatchUp(expected, pages, elapsed, jvmCpu, phoneCpu, backendCpu, heapBefore, heapAfter, peak, oldPeak,
        collections, rss);
  }

  private static long collections() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static Together together(ExecutorService threads, List<ColdPhone> phones, PullSettings settings,
      String database, List<String> errors, long deadline) throws Exception {
    for (ColdPhone phone : phones) {
      phone.prepare(settings.changes());
    }
    List<Page> pages = Collections.synchronizedList(new ArrayList<>());
    long jvmCpu = ResourceUse.processCpuNanos();
    long backendCpu = ResourceUse.backendCpuNanos(database);
    long start = System.nanoTime();
    List<Future<Void>> running = new ArrayList<>();
    for (ColdPhone phone : phones) {
      running.add(threads.submit(() -> {
        pages.addAll(phone.catchUp(settings.limit(), settings.changes(), errors, deadline));
        return null;
      }));
    }
    for (Future<Void> f : running) {
      waitFor(f, deadline);
    }
    long elapsed = System.nanoTime() - start;
    jvmCpu = ResourceUse.processCpuNanos() - jvmCpu;
    backendCpu = ResourceUse.backendCpuNanos(database) - backendCpu;
    for (ColdPhone phone : phones) {
      phone.check(settings.changes(), errors);
    }
    return new Together(phones.size(), settings.changes(), List.copyOf(pages), elapsed, jvmCpu, backendCpu);
  }

  private static void waitFor(Future<Void> f, long deadline) throws Exception {
    try {
      f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * A phone with nothing pulled yet. It keeps only the ids it receives, in arrays sized before the
   * catch-up begins, so that its own memory does not grow with the pages and the heap readings
   * show the server's.
   */
  private static final class ColdPhone {
    private final PulledPages meter;
    private final SyncClient client;
    private final String username;
    private long[] high = new long[0];
    private long[] low = new long[0];
    private int received;
    private boolean caughtUp;

    ColdPhone(PulledPages meter, URI base, String username) {
      this.meter = meter;
      this.client = new SyncClient(base, meter);
      this.username = username;
    }

    void login() {
      client.login(username, CityFixtures.PASSWORD, "load-pull-" + username);
    }

    void prepare(int expected) {
      high = new long[expected];
      low = new long[expected];
      received = 0;
      caughtUp = false;
    }

    /** Pulls from the empty cursor until hasMore is false; a failed pull is an error and ends it. */
    List<Page> catchUp(int limit, int expected, List<String> errors, long deadline) {
      if (high.length != expected) {
        prepare(expected);
      }
      List<Page> pages = new ArrayList<>(expected / limit + 2);
      String cursor = "";
      while (System.nanoTime() < deadline) {
        PullResponse page;
        try {
          page = client.pull(cursor, limit);
        } catch (RuntimeException e) {
          errors.add(username + ": pull after " + received + " changes failed: " + e);
          return pages;
        }
        pages.add(new Page(meter.lastNanos(), meter.lastBytes(), page.changes().size()));
        if (page.purge()) {
          errors.add(username + ": a cold phone was told to purge");
        }
        for (Change change : page.changes()) {
          if (received < high.length) {
            high[received] = change.id().getMostSignificantBits();
            low[received] = change.id().getLeastSignificantBits();
          }
          received++;
        }
        if (page.cursor().compareTo(cursor) < 0) {
          errors.add(username + ": the cursor went back");
        }
        cursor = page.cursor();
        if (!page.hasMore()) {
          caughtUp = true;
          return pages;
        }
      }
      errors.add(username + ": not caught up within the time limit (" + received + " changes)");
      return pages;
    }

    /** Exactly {@code expected} records, each once. */
    void check(int expected, List<String> errors) {
      if (!caughtUp) {
        return;
      }
      if (received != expected) {
        errors.add(username + ": received " + received + " changes, the station has " + expected);
      }
      Set<UUID> distinct = new HashSet<>(Math.min(received, high.length) * 2);
      for (int i = 0; i < Math.min(received, high.length); i++) {
        distinct.add(new UUID(high[i], low[i]));
      }
      if (distinct.size() != Math.min(received, high.length)) {
        errors.add(username + ": " + (Math.min(received, high.length) - distinct.size()) + " records came twice");
      }
    }
  }

  /** Reads the heap in use, and the old generation's, every 50 ms on a thread of its own; keeps the highest. */
  private static final class HeapSampler implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /** G1 Old Gen (or the tenured pool of another collector). */
    private static final MemoryPoolMXBean OLD = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
        .findFirst().orElse(null);
    private final Thread thread;
    private volatile long peak;
    private volatile long oldPeak;
    private volatile boolean running = true;

    private HeapSampler() {
      thread = new Thread(() -> {
        while (running) {
          sample();
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      thread.setDaemon(true);
    }

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      sampler.sample();
      sampler.thread.start();
      return sampler;
    }

    private void sample() {
      peak = Math.max(peak, MEMORY.getHeapMemoryUsage().getUsed());
      if (OLD != null) {
        oldPeak = Math.max(oldPeak, OLD.getUsage().getUsed());
      }
    }

    long oldPeak() {
      sample();
      return oldPeak;
    }

    long peak() {
      sample();
      return peak;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.interrupt();
      thread.join();
    }
  }
}
