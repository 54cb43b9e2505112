package org.inspectsync.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;

/**
 * The phones that push records, in a closed loop as {@link Ingest}'s do: each queues a batch and
 * pushes it again as soon as it is answered. A batch is groups of four new records: a passed
 * market check, a check with hazards found, and two hazard findings on that check, each naming
 * two photos by hash. The first findings name the run's planned photos, which the uploader phones
 * send later (records first, bytes later); every other finding names photos still on the phone,
 * never sent in this run, so every batch costs the same whether or not photos are being uploaded.
 */
final class PhotoRecords {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OffsetDateTime DAY = OffsetDateTime.of(2026, 11, 22, 8, 30, 0, 0, ZoneOffset.ofHours(8));

  /**
   * One closed-loop phase of pushes.
   *
   * @param batchNanos round trip of each counted push
   * @param from start of the counted time, on {@link System#nanoTime}'s clock
   * @param to its end
   * @param jvmCpuNanos this JVM's CPU over the counted time: server, phones, uploaders, HTTP client, GC
   * @param phoneCpuNanos CPU of the record phones' own threads for the counted pushes
   * @param backendCpuNanos the database backends' CPU over the counted time
   * @param photos the uploads going on at the same time, or null
   */
  record Phase(String name, List<Long> batchNanos, long mutations, long from, long to, long jvmCpuNanos,
      long phoneCpuNanos, long backendCpuNanos, PhotoUploads.Phase photos) {

    double seconds() {
      return (to - from) / 1e9;
    }

    double mutationsPerSecond() {
      return mutations / Math.max(seconds(), 1e-9);
    }

    Percentiles latency() {
      return new Percentiles(batchNanos.stream().mapToLong(Long::longValue).toArray());
    }

    Phase with(PhotoUploads.Phase uploads) {
      return new Phase(name, batchNanos, mutations, from, to, jvmCpuNanos, phoneCpuNanos, backendCpuNanos, uploads);
    }
  }

  private final PhotoMixSettings settings;
  private final List<CityFixtures.Inspector> inspectors;
  private final List<Phone> phones;
  private final List<String> errors;
  private final String database;
  private final ExecutorService threads;
  private final long deadline;
  private final Queue<String> toName;
  private final List<List<String>> namingFindings = Collections.synchronizedList(new ArrayList<>());
  private final List<Random> randoms = new ArrayList<>();
  private final int[] groupsQueued;
  private final AtomicLong checks = new AtomicLong();
  private final AtomicLong findings = new AtomicLong();

  /** {@code threads} must run one task per phone and one more at once. */
  PhotoRecords(PhotoMixSettings settings, List<CityFixtures.Inspector> inspectors, List<Phone> phones,
      List<String> plannedHashes, List<String> errors, String database, ExecutorService threads, long deadline) {
    this.settings = settings;
    this.inspectors = inspectors;
    this.phones = phones;
    this.errors = errors;
    this.database = database;
    this.threads = threads;
    this.deadline = deadline;
    this.toName = new ConcurrentLinkedQueue<>(plannedHashes);
    this.groupsQueued = new int[phones.size()];
    for (int p = 0; p < phones.size(); p++) {
      randoms.add(new Random(settings.seed() * 7919 + p));
    }
  }

  void login() throws Exception {
    all(p -> phones.get(p).login(inspectors.get(p).username(), CityFixtures.PASSWORD));
  }

  /** Planned photos no finding names yet. */
  int unnamed() {
    return toName.size();
  }

  /** The photos of each finding that names planned photos. */
  List<List<String>> namingFindings() {
    return List.copyOf(namingFindings);
  }

  long checks() {
    return checks.get();
  }

  long findings() {
    return findings.get();
  }

  /**
   * Pushes answered after {@code settle} and within {@code counted} after it count; with
   * {@code untilNamed}, the phase goes on until every planned photo is named.
   */
  Phase closed(String name, Duration settle, Duration counted, boolean untilNamed) throws Exception {
    long from = System.nanoTime() + settle.toNanos();
    long to = from + counted.toNanos();
    List<Long> batches = Collections.synchronizedList(new ArrayList<>());
    long[] startCpu = new long[2];
    Future<?> marker = threads.submit(() -> {
      LockSupport.parkNanos(from - System.nanoTime());
      startCpu[0] = ResourceUse.processCpuNanos();
      startCpu[1] = ResourceUse.backendCpuNanos(database);
    });
    AtomicLong phoneCpu = new AtomicLong();
    all(p -> {
      while ((System.nanoTime() < to || untilNamed && !toName.isEmpty()) && errors.isEmpty()) {
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        queue(p);
        long sent = System.nanoTime();
        push(p);
        long answered = System.nanoTime();
        if (answered >= from && answered <= to) {
          batches.add(answered - sent);
          phoneCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - threadCpu);
        }
      }
    });
    marker.get();
    long jvm = ResourceUse.processCpuNanos() - startCpu[0];
    long backend = ResourceUse.backendCpuNanos(database) - startCpu[1];
    return new Phase(name, List.copyOf(batches), (long) batches.size() * settings.batch(), from, to, jvm,
        phoneCpu.get(), backend, null);
  }

  /** One batch in the phone's outbox: checks against the entities of its round, findings on them. */
  private void queue(int p) {
    Phone phone = phones.get(p);
    Random random = randoms.get(p);
    List<UUID> round = inspectors.get(p).round();
    for (int g = 0; g < settings.batch() / PhotoMixSettings.GROUP; g++) {
      int k = groupsQueued[p]++;
      phone.create(RecordType.CHECK, check(round.get(k % round.size()), k, "passed", random));
      UUID withHazards = phone.create(RecordType.CHECK, check(round.get((k + 1) % round.size()), k,
          "hazards_found", random));
      for (int f = 0; f < 2; f++) {
        Map<String, Object> finding = new HashMap<>();
        finding.put("checkId", withHazards.toString());
        finding.put("category", f == 0 ? "food_safety" : "hygiene");
        finding.put("severity", random.nextInt(4) == 0 ? "high" : "medium");
        finding.put("description", "进货台账缺失，冷藏柜温度超标 (load)");
        finding.put("photos", photos(random));
        phone.create(RecordType.FINDING, finding);
      }
    }
    checks.addAndGet(settings.batch() / 2);
    findings.addAndGet(settings.batch() / 2);
  }

  private static Map<String, Object> check(UUID entity, int k, String outcome, Random random) {
    Map<String, Object> check = new HashMap<>();
    check.put("entityId", entity.toString());
    check.put("performedAt", DAY.plusSeconds(30L * (k % 1000)).toString());
    check.put("latitude", 30.24 + random.nextDouble() * 0.06);
    check.put("longitude", 120.12 + random.nextDouble() * 0.08);
    check.put("outcome", outcome);
    return check;
  }

  /** Planned photos while some are unnamed, else photos that stay on the phone. */
  private List<String> photos(Random random) {
    List<String> hashes = new ArrayList<>(PhotoMixSettings.PHOTOS_PER_FINDING);
    for (int i = 0; i < PhotoMixSettings.PHOTOS_PER_FINDING; i++) {
      String planned = toName.poll();
      if (planned == null) {
        break;
      }
      hashes.add(planned);
    }
    if (!hashes.isEmpty()) {
      namingFindings.add(List.copyOf(hashes));
      return hashes;
    }
    for (int i = 0; i < PhotoMixSettings.PHOTOS_PER_FINDING; i++) {
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      hashes.add(HexFormat.of().formatHex(hash));
    }
    return hashes;
  }

  private void push(int p) {
    Pushes.push(phones.get(p), p + 1, errors);
  }

  /** Runs the task for every phone at once and waits for all, within the run's deadline. */
  private void all(Parallel.Task task) throws Exception {
    Parallel.each(threads, phones.size(), deadline, task);
  }
}
