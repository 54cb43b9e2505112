package org.inspectsync.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The figures of one photo-mix run and its target. The run passed when no push or upload failed
 * or was rejected, every duplicate cost one request and every cut upload resumed at the cost of
 * two requests more, and the server's state at the end is what the phones sent (each such check
 * adds an error); the target is reported, not enforced. MB are 10^6 bytes.
 *
 * @param plan the photos drawn for the run, in the order they are first sent
 * @param planning how long drawing and hashing them took, before the server started
 * @param alone the rounds of ingest alone, in the order run
 * @param withPhotos the rounds with photo uploads, alternating with them
 * @param rssKiB {@code VmRSS} of this JVM after the last round
 * @param peakRssKiB {@code VmHWM}, its peak
 */
record PhotoMixReport(PhotoMixSettings settings, String database, List<PhotoPlan.Photo> plan, Duration planning,
    List<PhotoRecords.Phase> alone, List<PhotoRecords.Phase> withPhotos, PhotoMix.Verification verification,
    long rssKiB, long peakRssKiB, List<String> errors) {

  /** The target: ingest with photo uploads going on slowed by 20% at most. */
  static final double TARGET_RATIO = 0.80;

  boolean ok() {
    return errors.isEmpty() && alone.size() == settings.rounds() && withPhotos.size() == settings.rounds()
        && alone.stream().noneMatch(p -> p.batchNanos().isEmpty())
        && withPhotos.stream().noneMatch(p -> p.batchNanos().isEmpty());
  }

  double aloneRate() {
    return median(alone, PhotoRecords.Phase::mutationsPerSecond);
  }

  double withPhotosRate() {
    return median(withPhotos, PhotoRecords.Phase::mutationsPerSecond);
  }

  /** Ingest with photos over ingest alone, medians of the rounds. */
  double ratio() {
    return withPhotosRate() / aloneRate();
  }

  private List<PhotoUploads.Upload> uploads() {
    List<PhotoUploads.Upload> all = new ArrayList<>();
    withPhotos.forEach(p -> all.addAll(p.photos().uploads()));
    return all;
  }

  /** Seconds from each round's first photo due to its last upload's end, summed. */
  private double uploadSeconds() {
    return withPhotos.stream().mapToDouble(p -> p.photos().outcome().seconds()).sum();
  }

  double offeredPhotosPerSecond() {
    return settings.photosPerSecond();
  }

  double offeredMegabytesPerSecond() {
    return settings.photosPerSecond() * PhotoPlan.bytes(plan) / Math.max(1, plan.size()) / 1e6;
  }

  double photosPerSecond() {
    return uploads().size() / Math.max(uploadSeconds(), 1e-9);
  }

  double megabytesPerSecond() {
    return uploads().stream().mapToLong(PhotoUploads.Upload::bytes).sum() / 1e6 / Math.max(uploadSeconds(), 1e-9);
  }

  /** Upload latency per photo, from the time it was due to the server's last answer. */
  Percentiles uploadLatency() {
    return new Percentiles(uploads().stream().mapToLong(u -> u.doneNanos() - u.dueNanos()).toArray());
  }

  long count(PhotoUploads.Way way) {
    return uploads().stream().filter(u -> u.way() == way).count();
  }

  static Percentiles pooledLatency(List<PhotoRecords.Phase> rounds) {
    return new Percentiles(rounds.stream().flatMap(p -> p.batchNanos().stream()).mapToLong(Long::longValue)
        .toArray());
  }

  private static long sum(List<PhotoRecords.Phase> rounds, ToLongFunction<PhotoRecords.Phase> value) {
    return rounds.stream().mapToLong(value).sum();
  }

  /** This JVM's CPU per mutation, ingest alone, in microseconds: server, phones, HTTP client, GC. */
  double jvmMicrosPerMutation() {
    return sum(alone, PhotoRecords.Phase::jvmCpuNanos) / 1e3 / Math.max(1, sum(alone, PhotoRecords.Phase::mutations));
  }

  /** The same without the record phones' own threads: the server's share, about. */
  double serverMicrosPerMutation() {
    return (sum(alone, PhotoRecords.Phase::jvmCpuNanos) - sum(alone, PhotoRecords.Phase::phoneCpuNanos)) / 1e3
        / Math.max(1, sum(alone, PhotoRecords.Phase::mutations));
  }

  double backendMicrosPerMutation() {
    return sum(alone, PhotoRecords.Phase::backendCpuNanos) / 1e3
        / Math.max(1, sum(alone, PhotoRecords.Phase::mutations));
  }

  /** MB of the uploads that ended within the counted times of the rounds with photos. */
  private double countedMegabytes() {
    return withPhotos.stream().mapToLong(p -> p.photos().bytesDoneBetween(p.from(), p.to())).sum() / 1e6;
  }

  /**
   * The server's CPU per MB of photos, in milliseconds, by difference: this JVM's CPU over the
   * counted times with photos, less the record phones' and uploaders' own threads, less what the
   * mutations pushed meanwhile cost alone; over the MB whose uploads ended in those times.
   */
  double serverMillisPerMegabyte() {
    double jvm = sum(withPhotos, PhotoRecords.Phase::jvmCpuNanos) - sum(withPhotos, PhotoRecords.Phase::phoneCpuNanos)
        - withPhotos.stream().mapToLong(p -> p.photos().cpuDoneBetween(p.from(), p.to())).sum()
        - sum(withPhotos, PhotoRecords.Phase::mutations) * serverMicrosPerMutation() * 1e3;
    return jvm / 1e6 / Math.max(countedMegabytes(), 1e-9);
  }

  /** The database backends' CPU per MB of photos, in milliseconds, by the same difference. */
  double backendMillisPerMegabyte() {
    double backend = sum(withPhotos, PhotoRecords.Phase::backendCpuNanos)
        - sum(withPhotos, PhotoRecords.Phase::mutations) * backendMicrosPerMutation() * 1e3;
    return backend / 1e6 / Math.max(countedMegabytes(), 1e-9);
  }

  /** The uploader phones' own CPU per MB (making the bytes, sending), in milliseconds. */
  double uploaderMillisPerMegabyte() {
    List<PhotoUploads.Upload> all = uploads();
    return all.stream().mapToLong(PhotoUploads.Upload::cpuNanos).sum() / 1e6
        / Math.max(all.stream().mapToLong(PhotoUploads.Upload::bytes).sum() / 1e6, 1e-9);
  }

  Findings findings() {
    Findings f = new Findings("photos").fact("database", database).errors(errors.size());
    f.figure("aloneMutationsPerSecond", aloneRate(), "mutations/s", "ingest alone, closed loop, median of the rounds");
    f.figure("withPhotosMutationsPerSecond", withPhotosRate(), "mutations/s",
        "ingest with photo uploads going on, closed loop, median of the rounds");
    f.figure("withPhotosOverAlone", ratio(), "ratio", "ingest with photos over ingest alone, medians");
    for (String way : List.of("alone", "withPhotos")) {
      Percentiles latency = pooledLatency(way.equals("alone") ? alone : withPhotos);
      for (int p : new int[] {50, 95, 99}) {
        f.figure(way + "BatchP" + p, latency.millis(p), "ms", "per batch of " + settings.batch() + ", all rounds");
      }
    }
    f.figure("offeredPhotosPerSecond", offeredPhotosPerSecond(), "photos/s", "the evening storm's photos, real time");
    f.figure("photosPerSecond", photosPerSecond(), "photos/s", "uploads completed over the rounds with photos");
    f.figure("offeredMegabytesPerSecond", offeredMegabytesPerSecond(), "MB/s", "the offered photos' bytes");
    f.figure("megabytesPerSecond", megabytesPerSecond(), "MB/s", "bytes of the uploads completed");
    Percentiles upload = uploadLatency();
    f.figure("uploadP50", upload.millis(50), "ms", "per photo, from its due time");
    f.figure("uploadP99", upload.millis(99), "ms", "per photo, from its due time");
    f.figure("jvmCpuPerMutation", jvmMicrosPerMutation(), "us", "CPU in this JVM per mutation, ingest alone");
    f.figure("backendCpuPerMutation", backendMicrosPerMutation(), "us",
        "CPU in database backends per mutation, ingest alone");
    f.figure("serverCpuPerMegabyte", serverMillisPerMegabyte(), "ms",
        "server CPU per MB of photos, by difference from ingest alone");
    f.figure("backendCpuPerMegabyte", backendMillisPerMegabyte(), "ms",
        "database backends' CPU per MB of photos, by difference");
    f.figure("uploaderCpuPerMegabyte", uploaderMillisPerMegabyte(), "ms", "the uploader phones' own CPU per MB");
    f.figure("rss", rssKiB / 1024.0, "MiB", "process RSS after the rounds (server and phones)");
    f.figure("peakRss", peakRssKiB / 1024.0, "MiB", "process RSS peak");
    f.figure("photosStored", verification == null ? Double.NaN : verification.rightRows(), "photos",
        "stored whole, with their type, in the database and on disk");
    f.figure("duplicateUploads", count(PhotoUploads.Way.DUPLICATE), "uploads", "sent again, one request each");
    f.figure("interruptedUploads", count(PhotoUploads.Way.INTERRUPTED), "uploads", "cut mid-chunk and resumed");
    f.atLeast("ingest with photos over alone", TARGET_RATIO, ratio(), "ratio");
    return f;
  }

  void print(PrintStream out) {
    PhotoMixSettings s = settings;
    out.printf(Locale.ROOT, "photo mix: %d phones pushing batches of %d (per 4: a passed check, a check with hazards"
        + " and two findings naming %d photos each), %d uploader phones, server pool %d connections%n", s.phones(),
        s.batch(), PhotoMixSettings.PHOTOS_PER_FINDING, s.uploaders(), s.poolSize());
    out.printf(Locale.ROOT, "database: %s%n", database);
    out.printf(Locale.ROOT, "photo rate: %,d devices x %d photos in a %d-minute storm = %.1f photos/s, offered in"
        + " real time on an open schedule (%.1f MB/s at the mix's mean size)%n", s.stormDevices(),
        s.photosPerDevice(), s.stormMinutes(), s.photosPerSecond(), offeredMegabytesPerSecond());
    out.printf(Locale.ROOT, "photo mix: %d photos drawn (seed %d, sizes at %d%%): %s; sizes p10 %s, median %s, mean %s,"
        + " p90 %s, max %s; %.0f MB in all; drawn and hashed in %.1f s before the server started; %d%% of uploads"
        + " duplicates, %d%% cut mid-chunk and resumed%n", plan.size(), s.seed(), s.sizePercent(),
        PhotoPlan.mix(plan), kb(PhotoPlan.sizePercentile(plan, 10)), kb(PhotoPlan.sizePercentile(plan, 50)),
        kb(PhotoPlan.bytes(plan) / Math.max(1, plan.size())), kb(PhotoPlan.sizePercentile(plan, 90)),
        kb(PhotoPlan.sizePercentile(plan, 100)), PhotoPlan.bytes(plan) / 1e6, planning.toMillis() / 1000.0,
        s.duplicatePercent(), s.interruptPercent());
    out.printf(Locale.ROOT, "closed loop, %.1f s counted after %.1f s settling, after %.1f s warm-up of each:%n",
        s.closed().toMillis() / 1000.0, s.settle().toMillis() / 1000.0, s.warmUp().toMillis() / 1000.0);
    for (int r = 0; r < alone.size(); r++) {
      line(out, alone.get(r));
      if (r < withPhotos.size()) {
        line(out, withPhotos.get(r));
      }
    }
    out.printf(Locale.ROOT, "medians: alone %.0f mutations/s, with photos %.0f mutations/s; ratio %.2f%n",
        aloneRate(), withPhotosRate(), ratio());
    out.printf(Locale.ROOT, "per batch, all rounds: alone %s; with photos %s%n", pooledLatency(alone).summary(),
        pooledLatency(withPhotos).summary());
    Percentiles upload = uploadLatency();
    out.printf(Locale.ROOT, "photos, rounds with photos: %d uploads (%d fresh, %d duplicates, %d cut and resumed);"
        + " %.1f photos/s and %.1f MB/s achieved, %.1f photos/s and %.1f MB/s offered; per photo from due time p50"
        + " %.1f ms, p99 %.1f ms, max %.1f ms; %d photos waited for a free uploader%n", uploads().size(),
        count(PhotoUploads.Way.FRESH), count(PhotoUploads.Way.DUPLICATE), count(PhotoUploads.Way.INTERRUPTED),
        photosPerSecond(), megabytesPerSecond(), offeredPhotosPerSecond(), offeredMegabytesPerSecond(),
        upload.millis(50), upload.millis(99), upload.millis(100),
        withPhotos.stream().mapToInt(p -> p.photos().outcome().capHits()).sum());
    out.printf(Locale.ROOT, "CPU: per mutation (alone) %.1f us in this JVM (%.1f us without the phones' threads),"
        + " %.1f us in database backends; per MB of photos (by difference) %.1f ms in the server, %.1f ms in"
        + " database backends, %.1f ms in the uploader phones%n", jvmMicrosPerMutation(), serverMicrosPerMutation(),
        backendMicrosPerMutation(), serverMillisPerMegabyte(), backendMillisPerMegabyte(),
        uploaderMillisPerMegabyte());
    out.printf(Locale.ROOT, "process RSS: %.1f MiB after the rounds, peak %.1f MiB (server and phones)%n",
        rssKiB / 1024.0, peakRssKiB / 1024.0);
    if (verification != null) {
      PhotoMix.Verification v = verification;
      out.printf(Locale.ROOT, "stored: %d photos sent; evidence_files stores %d (%d with their size and type), the"
          + " store holds %d files of %.0f MB (%d of the size sent); findings naming only photos that arrived: %d,"
          + " %d still pending; naming photos not sent: %d, %d not pending; database: %d checks, %d findings%n",
          v.photosSent(), v.storedRows(), v.rightRows(), v.files(), v.fileBytes() / 1e6, v.rightFiles(),
          v.findingsComplete(), v.findingsStillPending(), v.findingsAwaiting(), v.findingsWronglyDone(), v.checks(),
          v.findings());
    }
    double ratio = ratio();
    out.printf(Locale.ROOT, "target: ingest with photos at %.2f of ingest alone or more (slowed by %.0f%% at most):"
        + " %s (%.2f)%n", TARGET_RATIO, 100 * (1 - TARGET_RATIO), ratio >= TARGET_RATIO ? "met" : "missed", ratio);
    Scenario.printEnd(out, errors, ok());
  }

  private static void line(PrintStream out, PhotoRecords.Phase phase) {
    Percentiles latency = phase.latency();
    String photos = "";
    if (phase.photos() != null) {
      PhotoUploads.Phase p = phase.photos();
      photos = String.format(Locale.ROOT, "; photos %d of %d offered, %.1f MB, %.1f photos/s", p.uploads().size(),
          p.offered(), p.bytes() / 1e6, p.uploads().size() / Math.max(p.outcome().seconds(), 1e-9));
    }
    out.printf(Locale.ROOT, "  %s: %.0f mutations/s (%d batches); per batch p50 %.1f ms, p95 %.1f ms, p99 %.1f ms;"
        + " CPU per mutation %.1f us JVM, %.1f us backends%s%n", phase.name(), phase.mutationsPerSecond(),
        phase.batchNanos().size(), latency.millis(50), latency.millis(95), latency.millis(99),
        phase.jvmCpuNanos() / 1e3 / Math.max(1, phase.mutations()),
        phase.backendCpuNanos() / 1e3 / Math.max(1, phase.mutations()), photos);
  }

  private static String kb(long bytes) {
    return bytes >= 1_000_000 ? String.format(Locale.ROOT, "%.2f MB", bytes / 1e6)
        : String.format(Locale.ROOT, "%.0f KB", bytes / 1e3);
  }

  static double median(List<PhotoRecords.Phase> rounds, ToDoubleFunction<PhotoRecords.Phase> value) {
    if (rounds.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
