package org.inspectsync.load;

import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;

/**
 * The server's ingest beside PostgreSQL's own ceiling, in one run against a fresh database. Phones
 * push batches of market checks (no checklist items, no assignment) to an in-process server:
 * first in a closed loop, each phone pushing again as soon as it has its answer, which finds the
 * server's maximum rate; then on a fixed schedule at a share of that rate (an open model), with
 * each batch's latency counted from the moment it was due to leave, so a late send is not hidden.
 * Then, with the server stopped, the same rows go straight into PostgreSQL in transactions of the
 * same size at the server's pool size, and the driver runs empty transactions (see
 * {@link Ceilings}). Traffic goes to 127.0.0.1 only. Prints the figures and exits non-zero on a
 * failed or rejected push or a database that does not hold what the phones sent.
 *
 * <p>Parameters are system properties, see {@link IngestSettings}; e.g. {@code -Dphones=40}.
 */
public final class Ingest {

  /** How long the first scheduled send waits after the schedule is made, so that every phone is ready. */
  private static final long SCHEDULE_LEAD_NANOS = 200_000_000L;
  /** CPU time of the phones' own threads: building mutations, encoding JSON, sending and decoding. */
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Ingest() {
  }

  public static void main(String[] args) {
    Scenario.exit(() -> {
      IngestReport report = run(IngestSettings.fromSystemProperties(), System.out);
      report.findings().writeIfAsked();
      return report.ok();
    });
  }

  /** One push: when it was due (the open phase; otherwise when it left), when it left, when answered. */
  record Push(long dueNanos, long sentNanos, long answeredNanos, int mutations) {
  }

  /** A phase of pushes and what it cost. */
  record Phase(List<Push> pushes, Duration elapsed, long jvmCpuNanos, long phoneCpuNanos, long backendCpuNanos) {

    long mutations() {
      return pushes.stream().mapToLong(Push::mutations).sum();
    }

    double mutationsPerSecond() {
      return mutations() / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }
  }

  static IngestReport run(IngestSettings settings, PrintStream out) throws Exception {
    long deadline = System.nanoTime() + settings.timeLimit().toNanos();
    try (LoadRun run = LoadRun.start("ingest")) {
      LoadDatabase db = run.db();
      String database = run.database();
      CityFixtures.City city = run.city(settings.city());
      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      try (LoadServer server = run.server(settings.poolSize())) {
        Phase closed;
        Phase open;
        ResourceUse serverUse;
        StatementCounter.Count statements;
        long rssKiB;
        long pushed;
        // One thread per phone, and one to take the CPU reading when the closed loop's warm-up ends.
        ExecutorService threads = Executors.newFixedThreadPool(settings.phones() + 1);
        try {
          URI base = server.uri();
          HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10)).build();
          List<Phone> phones = new ArrayList<>();
          for (CityFixtures.Inspector inspector : city.inspectors()) {
            phones.add(new Phone(new SyncClient(base, http), "load-phone-" + inspector.username(), settings.batch(),
                1000));
          }
          all(threads, phones.size(), p -> () -> {
            phones.get(p).login(city.inspectors().get(p).username(), CityFixtures.PASSWORD);
            return null;
          }, deadline);
          ResourceUse before = ResourceUse.now(db);
          StatementCounter.Count statementsBefore = server.statements();
          Pushing pushing = new Pushing(settings, city, phones, errors, db.settings().database());
          closed = pushing.closedLoop(threads, deadline);
          double rate = closed.mutationsPerSecond() * settings.openPercent() / 100.0;
          open = pushing.onSchedule(threads, rate, deadline);
          pushed = pushing.pushedChecks();
          rssKiB = ResourceUse.statusKiB("VmRSS");
          ResourceUse end = ResourceUse.now(db);
          statements = server.statements().since(statementsBefore);
          server.stopServer();
          Thread.sleep(300);
          ResourceUse stats = ResourceUse.now(db);
          serverUse = new ResourceUse(end.jvmCpuNanos(), end.backendCpuNanos(), stats.commits(),
              stats.tuplesWritten()).since(before);
          expectStored(db, pushed, errors);
        } finally {
          threads.shutdownNow();
          threads.awaitTermination(30, TimeUnit.SECONDS);
        }

        Ceilings ceilings = new Ceilings(server.vertx(), db, settings);
        List<List<Tuple>> rows = ceilings.serverRows(settings.batch());
        ceilings.createBareTable();
        List<Ceilings.Ceiling> measured = List.of(
            ceiling("raw insert, market_checks", () -> ceilings.rawInsert(rows, false), errors),
            ceiling("raw insert, table without triggers or foreign keys", () -> ceilings.rawInsert(rows, true), errors),
            ceiling("driver alone", ceilings::driverAlone, errors));
        IngestReport report = new IngestReport(settings, database, closed, open, serverUse, statements, pushed, rssKiB,
            ResourceUse.statusKiB("VmHWM"), measured.get(0), measured.get(1), measured.get(2), List.copyOf(errors));
        report.print(out);
        return report;
      }
    }
  }

  /** The phones' pushes; each phone is used by one thread at a time. */
  private static final class Pushing {
    private final IngestSettings settings;
    private final CityFixtures.City city;
    private final List<Phone> phones;
    private final List<String> errors;
    private final String database;
    private final List<Random> randoms = new ArrayList<>();
    private final int[] checksQueued;

    Pushing(IngestSettings settings, CityFixtures.City city, List<Phone> phones, List<String> errors,
        String database) {
      this.settings = settings;
      this.database = database;
      this.city = city;
      this.phones = phones;
      this.errors = errors;
      this.checksQueued = new int[phones.size()];
      for (int p = 0; p < phones.size(); p++) {
        randoms.add(new Random(p + 1));
      }
    }

    long pushedChecks() {
      long sum = 0;
      for (int queued : checksQueued) {
        sum += queued;
      }
      return sum;
    }

    /** Every phone pushes again as soon as it is answered; pushes answered after the warm-up and before the end count. */
    Phase closedLoop(ExecutorService threads, long deadline) throws Exception {
      long start = System.nanoTime();
      long from = start + settings.warmUp().toNanos();
      long to = from + settings.closed().toNanos();
      List<Push> counted = Collections.synchronizedList(new ArrayList<>());
      long[] cpu = new long[2];
      Future<?> marker = threads.submit(() -> {
        LockSupport.parkNanos(from - System.nanoTime());
        cpu[0] = ResourceUse.processCpuNanos();
        cpu[1] = backendCpu();
      });
      AtomicLong phoneCpu = new AtomicLong();
      all(threads, phones.size(), p -> () -> {
        while (System.nanoTime() < to && errors.isEmpty()) {
          long threadCpu = THREADS.getCurrentThreadCpuTime();
          queue(p);
          long sent = System.nanoTime();
          push(p);
          long answered = System.nanoTime();
          if (answered >= from && answered <= to) {
            counted.add(new Push(sent, sent, answered, settings.batch()));
            phoneCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - threadCpu);
          }
        }
        return null;
      }, deadline);
      marker.get();
      long cpuEnd = ResourceUse.processCpuNanos();
      long backendEnd = backendCpu();
      return new Phase(List.copyOf(counted), settings.closed(), cpuEnd - cpu[0], phoneCpu.get(),
          backendEnd - cpu[1]);
    }

    /** Batch i is due at i / (rate / batch) seconds after the start; phone i mod P sends it. */
    Phase onSchedule(ExecutorService threads, double mutationsPerSecond, long deadline) throws Exception {
      double batchesPerSecond = Math.max(mutationsPerSecond / settings.batch(), 1e-3);
      long interval = (long) (1e9 / batchesPerSecond);
      int batches = (int) Math.max(1, settings.open().toNanos() / interval);
      long start = System.nanoTime() + SCHEDULE_LEAD_NANOS;
      List<Push> pushes = Collections.synchronizedList(new ArrayList<>());
      long cpuStart = ResourceUse.processCpuNanos();
      long backendStart = backendCpu();
      AtomicLong phoneCpu = new AtomicLong();
      all(threads, phones.size(), p -> () -> {
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        for (int i = p; i < batches && errors.isEmpty(); i += phones.size()) {
          queue(p);
          long due = start + i * interval;
          LockSupport.parkNanos(due - System.nanoTime());
          long sent = System.nanoTime();
          push(p);
          pushes.add(new Push(due, sent, System.nanoTime(), settings.batch()));
        }
        phoneCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - threadCpu);
        return null;
      }, deadline);
      long elapsed = System.nanoTime() - start;
      return new Phase(List.copyOf(pushes), Duration.ofNanos(elapsed), ResourceUse.processCpuNanos() - cpuStart,
          phoneCpu.get(), backendCpu() - backendStart);
    }

    private long backendCpu() {
      return ResourceUse.backendCpuNanos(database);
    }

    /** One batch of new checks in the phone's outbox, against the entities of its round. */
    private void queue(int p) {
      Phone phone = phones.get(p);
      Random random = randoms.get(p);
      List<UUID> round = city.inspectors().get(p).round();
      OffsetDateTime clock = OffsetDateTime.of(2026, 11, 22, 8, 30, 0, 0, ZoneOffset.ofHours(8));
      for (int m = 0; m < settings.batch(); m++) {
        int k = checksQueued[p]++;
        Map<String, Object> check = new HashMap<>();
        check.put("entityId", round.get(k % round.size()).toString());
        check.put("performedAt", clock.plusSeconds(30L * (k % 1000)).toString());
        check.put("latitude", 30.24 + random.nextDouble() * 0.06);
        check.put("longitude", 120.12 + random.nextDouble() * 0.08);
        check.put("outcome", random.nextInt(4) == 0 ? "hazards_found" : "passed");
        phone.create(RecordType.CHECK, check);
      }
    }

    private void push(int p) {
      Pushes.push(phones.get(p), p + 1, errors);
    }
  }

  /** A ceiling, or an error and no figures: a ceiling that fails does not hide the server's figures. */
  private static Ceilings.Ceiling ceiling(String name, Callable<Ceilings.Ceiling> measure, List<String> errors) {
    try {
      return measure.call();
    } catch (Exception e) {
      errors.add(name + ": " + e);
      return Ceilings.Ceiling.failed(name);
    }
  }

  private interface Task {
    Callable<Void> of(int index);
  }

  /** Runs one task per index on the pool and waits for all, within the run's deadline. */
  private static void all(ExecutorService threads, int count, Task task, long deadline) throws Exception {
    List<Future<Void>> running = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      running.add(threads.submit(task.of(i)));
    }
    for (Future<Void> f : running) {
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  private static void expectStored(LoadDatabase db, long pushed, List<String> errors) throws Exception {
    try (Connection connection = db.connect(); Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery("SELECT count(*) FROM market_checks")) {
      row.next();
      if (row.getLong(1) != pushed) {
        errors.add("database holds " + row.getLong(1) + " checks, phones pushed " + pushed);
      }
    }
  }
}
