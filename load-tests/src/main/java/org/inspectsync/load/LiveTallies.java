package org.inspectsync.load;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.inspectsync.load.Deliveries.Push;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;

/**
 * Supervisors' live tallies under load, against an in-process server: a bureau with its stations
 * written by JDBC, supervisors' screens holding tally streams (the bureau's and each station's, in
 * a JVM of their own, see {@link TallyScreens}), then phones pushing one check at a time at fixed
 * times. Measures, for every push and every screen that watches its unit, the delay from the
 * push's reply (the commit is before it) to the first event that includes it; and the server's
 * heap per open stream, from full-GC readings of this JVM with no screen and with all of them.
 * Traffic goes to 127.0.0.1 only; every wait is bounded. Prints the figures and exits non-zero on
 * a stream ended early, a push refused, a push never shown, or a wrong count.
 *
 * <p>Parameters are system properties, see {@link LiveSettings}; e.g. {@code -Dsubscribers=1000}.
 */
public final class LiveTallies {

  /** Screens opened and closed before the idle reading, so that it is taken with the code paths warm. */
  private static final int WARM_UP_SCREENS = 20;
  /** Lets the server finish closing streams, or a joining burst's last ticks, before a reading. */
  private static final long SETTLE_MILLIS = 1_000;

  private LiveTallies() {
  }

  public static void main(String[] args) {
    Scenario.exit(() -> {
      LiveReport report = run(LiveSettings.fromSystemProperties(), System.out);
      report.findings().writeIfAsked();
      return report.ok();
    });
  }

  static LiveReport run(LiveSettings settings, PrintStream out) throws Exception {
    try (LoadRun run = LoadRun.start("live")) {
      LoadDatabase db = run.db();
      String database = run.database();
      CityFixtures.City city;
      String supervisor;
      try (Connection connection = db.connect()) {
        city = CityFixtures.create(connection, settings.city(), run.tag());
        supervisor = CityFixtures.supervisor(connection, city.bureauId(), run.tag());
      }
      out.printf("fixtures: a bureau, %d station(s), %d inspectors, a supervisor%n", city.stationIds().size(),
          city.inspectors().size());

      try (LoadServer server = run.server(settings.poolSize())) {
        LiveReport report = new Run(settings, city, server.uri(), database, run.workDir()).watch(supervisor);
        report.print(out);
        return report;
      }
    }
  }

  /** One run against a started server. */
  private static final class Run {
    private final LiveSettings settings;
    private final CityFixtures.City city;
    private final URI server;
    private final String database;
    private final Path workDir;
    private final Instant deadline;
    /** Units watched, in screen order: the bureau, then each station. */
    private final List<UUID> units = new ArrayList<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    /** How late each scheduled push left. */
    private List<Long> lags = List.of();

    Run(LiveSettings settings, CityFixtures.City city, URI server, String database, Path workDir) {
      this.settings = settings;
      this.city = city;
      this.server = server;
      this.database = database;
      this.workDir = workDir;
      this.deadline = Instant.now().plus(settings.timeLimit());
      units.add(city.bureauId());
      units.addAll(city.stationIds());
    }

    private Duration left() {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new IllegalStateException("the run did not end within its time limit of "
            + settings.timeLimit().toSeconds() + " s");
      }
      return left;
    }

    LiveReport watch(String supervisor) throws Exception {
      SyncClient screenLogin = new SyncClient(server, http);
      screenLogin.login(supervisor, CityFixtures.PASSWORD, "load-supervisor-screen");
      List<Phone> phones = new ArrayList<>();
      for (CityFixtures.Inspector inspector : city.inspectors()) {
        Phone phone = new Phone(new SyncClient(server, http), "load-phone-" + inspector.username(), 64, 1000);
        phone.login(inspector.username(), CityFixtures.PASSWORD);
        phones.add(phone);
      }
      // One check per phone before anyone watches: the push path is warm, and every unit starts from a known count.
      ExecutorService phoneThreads = Executors.newFixedThreadPool(phones.size());
      try {
        List<Future<?>> first = new ArrayList<>();
        for (int p = 0; p < phones.size(); p++) {
          int phone = p;
          first.add(phoneThreads.submit(() -> push(phones.get(phone), city.inspectors().get(phone))));
        }
        for (Future<?> f : first) {
          f.get(left().toMillis(), TimeUnit.MILLISECONDS);
        }
        long[] base = counts(List.of(), true);

        try (ScreenProcess screens = ScreenProcess.start(server, units, screenLogin.token(), settings.gzip(),
            settings.connecting())) {
          screens.command("open " + Math.min(WARM_UP_SCREENS, settings.subscribers()) + " " + left().toSeconds(),
              left().plusSeconds(5));
          screens.command("close", Duration.ofSeconds(30));
          Thread.sleep(SETTLE_MILLIS);
          MemoryReading idle = MemoryReading.afterFullGc();

          long openStart = System.nanoTime();
          String[] opened = screens.command("open " + settings.subscribers() + " " + left().toSeconds(),
              left().plusSeconds(5)).split(" ");
          long openNanos = System.nanoTime() - openStart;
          int screensOpened = Integer.parseInt(opened[1]);
          checkSameClock(Long.parseLong(opened[2]));
          Thread.sleep(SETTLE_MILLIS);
          MemoryReading watching = MemoryReading.afterFullGc();

          List<Push> pushes = pushOnSchedule(phones, phoneThreads);
          String seen = screens.command("await " + join(counts(pushes, false), base) + " " + left().toSeconds(),
              left().plusSeconds(5));
          if (!seen.equals("seen 0")) {
            errors.add(seen.substring(5) + " screens did not show every push before the time limit");
          }
          MemoryReading afterPushes = MemoryReading.afterFullGc();
          Path events = workDir.resolve("screen-events.bin");
          screens.command("dump " + events, Duration.ofSeconds(60));
          screens.command("close", Duration.ofSeconds(30));
          Thread.sleep(SETTLE_MILLIS);
          MemoryReading closed = MemoryReading.afterFullGc();
          errors.addAll(screens.errors());
          return measure(events, base, pushes, screensOpened, openNanos, idle, watching, afterPushes, closed);
        }
      } finally {
        phoneThreads.shutdownNow();
        phoneThreads.awaitTermination(30, TimeUnit.SECONDS);
      }
    }

    /** Pushes one check from this phone; returns its timing, or null when it failed (an error is noted). */
    private Push push(Phone phone, CityFixtures.Inspector inspector) {
      phone.create(RecordType.CHECK, Map.of(
          "entityId", inspector.round().get(0).toString(),
          "performedAt", OffsetDateTime.now().toString(),
          "outcome", "passed"));
      int rejectedBefore = phone.rejections().size();
      long sent = System.nanoTime();
      try {
        phone.push();
      } catch (RuntimeException e) {
        errors.add("push from " + phone.deviceId() + " failed: " + e);
        return null;
      }
      long answered = System.nanoTime();
      if (phone.rejections().size() > rejectedBefore) {
        errors.add("push from " + phone.deviceId() + " rejected: " + phone.rejections().get(rejectedBefore));
        return null;
      }
      return new Push(city.stationIds().indexOf(inspector.stationId()), sent, answered);
    }

    /**
     * Push i leaves at start + i / rate whatever the replies do; phone i mod phones sends it, so a
     * phone's own pushes never overlap. A push that leaves late is counted in the lag.
     */
    private List<Push> pushOnSchedule(List<Phone> phones, ExecutorService phoneThreads) throws Exception {
      long interval = 1_000_000_000L / settings.rate();
      long start = System.nanoTime() + 200_000_000L;
      long stop = System.nanoTime() + left().toNanos();
      List<Push> pushes = Collections.synchronizedList(new ArrayList<>());
      List<Long> lags = Collections.synchronizedList(new ArrayList<>());
      List<Future<?>> running = new ArrayList<>();
      for (int p = 0; p < phones.size(); p++) {
        int phone = p;
        running.add(phoneThreads.submit(() -> {
          for (int i = phone; i < settings.pushes(); i += phones.size()) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
              TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (System.nanoTime() > stop) {
              errors.add("push " + i + " not sent within the time limit");
              continue;
            }
            lags.add(System.nanoTime() - due);
            Push push = push(phones.get(phone), city.inspectors().get(phone));
            if (push != null) {
              pushes.add(push);
            }
          }
          return null;
        }));
      }
      for (Future<?> r : running) {
        r.get(Math.max(1, stop - System.nanoTime()) + TimeUnit.SECONDS.toNanos(35), TimeUnit.NANOSECONDS);
      }
      this.lags = List.copyOf(lags);
      return List.copyOf(pushes);
    }

    /** Checks per unit (bureau, then stations): of these pushes, or of the phones' first checks. */
    private long[] counts(List<Push> pushes, boolean firstChecks) {
      long[] counts = new long[units.size()];
      if (firstChecks) {
        for (CityFixtures.Inspector inspector : city.inspectors()) {
          counts[0]++;
          counts[1 + city.stationIds().indexOf(inspector.stationId())]++;
        }
      }
      for (Push push : pushes) {
        counts[0]++;
        counts[1 + push.station()]++;
      }
      return counts;
    }

    private static String join(long[] pushed, long[] base) {
      StringBuilder joined = new StringBuilder();
      for (int u = 0; u < pushed.length; u++) {
        joined.append(u == 0 ? "" : ",").append(base[u] + pushed[u]);
      }
      return joined.toString();
    }

    /** Both JVMs time with System.nanoTime; on Linux that is one clock for the whole machine. Check it. */
    private void checkSameClock(long screensNanos) {
      long behind = System.nanoTime() - screensNanos;
      if (behind < 0 || behind > TimeUnit.SECONDS.toNanos(5)) {
        errors.add("the screens' JVM keeps another System.nanoTime clock (" + behind / 1_000_000
            + " ms apart); delays cannot be measured");
      }
    }

    private LiveReport measure(Path events, long[] base, List<Push> pushes, int screensOpened, long openNanos,
        MemoryReading idle, MemoryReading watching, MemoryReading afterPushes, MemoryReading closed)
        throws IOException {
      // Wall-clock microseconds of a System.nanoTime reading, to compare with the server's generatedAt.
      Instant now = Instant.now();
      long wallOffsetMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 - System.nanoTime() / 1_000;
      List<List<Push>> scoped = new ArrayList<>();
      List<long[]> certain = new ArrayList<>();
      for (int u = 0; u < units.size(); u++) {
        int unit = u;
        List<Push> ofUnit = pushes.stream().filter(p -> unit == 0 || p.station() == unit - 1).toList();
        scoped.add(ofUnit);
        certain.add(Deliveries.certain(ofUnit, base[u]));
      }
      boolean[] exact = Deliveries.exact(pushes);
      int upperBounds = 0;
      for (boolean e : exact) {
        upperBounds += e ? 0 : 1;
      }
      long pushStart = pushes.stream().mapToLong(Push::sentNanos).min().orElse(Long.MAX_VALUE);

      LongList delays = new LongList();
      LongList computed = new LongList();
      LongList carried = new LongList();
      long expected = 0;
      long extraSnapshots = 0;
      long duringPushes = 0;
      int screens;
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(events)))) {
        screens = in.readInt();
        for (int s = 0; s < screens; s++) {
          int unit = in.readInt();
          int size = in.readInt();
          long[] arrived = new long[size];
          long[] counts = new long[size];
          long[] generated = new long[size];
          boolean[] snapshot = new boolean[size];
          for (int e = 0; e < size; e++) {
            arrived[e] = in.readLong();
            counts[e] = in.readLong();
            generated[e] = in.readLong();
            snapshot[e] = in.readBoolean();
          }
          String screen = "screen " + s + " on " + (unit == 0 ? "the bureau" : "station " + unit);
          List<Push> ofUnit = scoped.get(unit);
          expected += ofUnit.size();
          if (size == 0) {
            continue;
          }
          if (counts[0] != base[unit]) {
            errors.add(screen + ": snapshot shows " + counts[0] + " checks, " + base[unit] + " were pushed");
          }
          for (int e = 1; e < size; e++) {
            if (counts[e] < counts[e - 1]) {
              errors.add(screen + ": count went back from " + counts[e - 1] + " to " + counts[e]);
            }
            if (arrived[e] < pushStart) {
              extraSnapshots += snapshot[e] ? 1 : 0;
            } else {
              duringPushes++;
            }
          }
          long finalCount = base[unit] + ofUnit.size();
          if (counts[size - 1] != finalCount) {
            errors.add(screen + ": shows " + counts[size - 1] + " checks at the end, " + finalCount + " were pushed");
          }
          long[] shown = Deliveries.shown(counts, size);
          int missed = 0;
          for (int p = 0; p < ofUnit.size(); p++) {
            int e = Deliveries.firstReaching(shown, certain.get(unit)[p]);
            if (e < 0) {
              missed++;
              continue;
            }
            Push push = ofUnit.get(p);
            delays.add(arrived[e] - push.answeredNanos());
            computed.add((generated[e] - (push.answeredNanos() / 1_000 + wallOffsetMicros)) * 1_000);
            carried.add((arrived[e] / 1_000 + wallOffsetMicros - generated[e]) * 1_000);
          }
          if (missed > 0) {
            errors.add(screen + ": " + missed + " of " + ofUnit.size() + " pushes never shown");
          }
        }
      }
      List<Long> pushNanos = pushes.stream().map(p -> p.answeredNanos() - p.sentNanos()).toList();
      return new LiveReport(settings, database, units.size(), screensOpened, openNanos,
          screens == 0 ? 0 : (double) extraSnapshots / screens, idle, watching, afterPushes, closed,
          MemoryReading.collectors(), pushes.size(), pushNanos, lags, upperBounds, delays.toArray(),
          computed.toArray(), carried.toArray(), expected, screens == 0 ? 0 : (double) duringPushes / screens,
          List.copyOf(errors));
    }
  }

  /** A growable list of longs, for a million delays without boxing them. */
  private static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
