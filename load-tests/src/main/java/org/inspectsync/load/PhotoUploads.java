package org.inspectsync.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.inspectsync.protocol.EvidenceStatus;
import org.inspectsync.protocol.client.EvidenceUpload;
import org.inspectsync.protocol.client.SyncClient;

/**
 * The uploader phones: each signed in as an inspector of its own device, sending photos with the
 * protocol's {@link EvidenceUpload} (chunks of the default 1 MiB, resuming as it is written to).
 * Photos leave on an open schedule ({@link OpenSchedule}): each is due at a seeded time, whatever
 * the server does with earlier ones, and its latency runs from that time; a photo due while every
 * uploader is busy waits for one, and the wait counts. Some uploads are duplicates, a photo the
 * server already stores sent again by another phone, which must cost one request; some are cut
 * mid-chunk and resumed, which must cost two requests more than a clean upload (the cut chunk and
 * the status request after it) and lose nothing: any refusal is an error.
 */
final class PhotoUploads {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** How an upload went out. */
  enum Way { FRESH, DUPLICATE, INTERRUPTED }

  /**
   * One photo sent: due and done on {@link System#nanoTime}'s clock, requests made, CPU of the
   * phone's threads.
   */
  record Upload(Way way, String sha256, int bytes, long dueNanos, long doneNanos, int requests,
      long cpuNanos) {
  }

  /**
   * The uploads of one phase.
   *
   * @param offered photos scheduled
   * @param window the time they were due over
   * @param outcome how the schedule went (its start, when the last upload returned, waits for an uploader)
   */
  record Phase(String name, List<Upload> uploads, int offered, Duration window, OpenSchedule.Outcome outcome) {

    long bytes() {
      return uploads.stream().mapToLong(Upload::bytes).sum();
    }

    long count(Way way) {
      return uploads.stream().filter(u -> u.way() == way).count();
    }

    long cpuNanos() {
      return uploads.stream().mapToLong(Upload::cpuNanos).sum();
    }

    /** Bytes of the uploads that ended within [from, to]. */
    long bytesDoneBetween(long from, long to) {
      return uploads.stream().filter(u -> u.doneNanos() >= from && u.doneNanos() <= to).mapToLong(Upload::bytes)
          .sum();
    }

    /** CPU of the phones' threads for uploads that ended within [from, to]. */
    long cpuDoneBetween(long from, long to) {
      return uploads.stream().filter(u -> u.doneNanos() >= from && u.doneNanos() <= to)
          .mapToLong(Upload::cpuNanos).sum();
    }
  }

  /** One uploader phone: its client, its connection that can be cut, and its uploader. */
  private record Uploader(SyncClient client, CuttingHttpClient connection, EvidenceUpload upload) {
  }

  private final List<PhotoPlan.Photo> plan;
  private final PhotoMixSettings settings;
  private final List<String> errors;
  private final BlockingQueue<Uploader> free;
  private final List<PhotoPlan.Photo> stored = Collections.synchronizedList(new ArrayList<>());
  private final Random decisions;
  private final long deadline;
  private int nextFresh;
  private int phases;

  PhotoUploads(List<PhotoPlan.Photo> plan, PhotoMixSettings settings, List<String> errors, long deadline) {
    this.plan = plan;
    this.settings = settings;
    this.errors = errors;
    this.deadline = deadline;
    this.free = new ArrayBlockingQueue<>(settings.uploaders());
    this.decisions = new Random(settings.seed() * 31 + 7);
  }

  /** Signs the uploader phones in, each as its own inspector and device. */
  void login(URI base, HttpClient http, List<CityFixtures.Inspector> inspectors) {
    for (CityFixtures.Inspector inspector : inspectors) {
      CuttingHttpClient connection = new CuttingHttpClient(http);
      SyncClient client = new SyncClient(base, connection);
      client.login(inspector.username(), CityFixtures.PASSWORD, "load-uploader-" + inspector.username());
      free.add(new Uploader(client, connection, new EvidenceUpload(client)));
    }
  }

  /** Photos scheduled over a window: the offered rate in real time, at least one. */
  static int offered(PhotoMixSettings settings, Duration window) {
    return (int) Math.max(1, Math.round(settings.photosPerSecond() * window.toNanos() / 1e9));
  }

  /** Fresh photos stored so far, each once. */
  List<PhotoPlan.Photo> stored() {
    return List.copyOf(stored);
  }

  /** Sends the photos due over {@code window} from now (after the schedule's short lead) and waits for the last. */
  Phase run(String name, Duration window) throws InterruptedException {
    int count = offered(settings, window);
    long[] offsets = OpenSchedule.dueOffsets(count, window, settings.seed() * 1_000 + ++phases);
    List<Upload> uploads = Collections.synchronizedList(new ArrayList<>());
    OpenSchedule.Outcome outcome = OpenSchedule.run(offsets, d -> prepare(uploads), settings.uploaders(), deadline,
        errors);
    return new Phase(name, List.copyOf(uploads), count, window, outcome);
  }

  /** Picks the photo and makes its bytes, as the phone has them before it sends. */
  private OpenSchedule.Call prepare(List<Upload> uploads) {
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    int draw = decisions.nextInt(100);
    Way way;
    PhotoPlan.Photo photo;
    if (draw < settings.duplicatePercent() && !stored.isEmpty()) {
      way = Way.DUPLICATE;
      photo = stored.get(decisions.nextInt(stored.size()));
    } else if (nextFresh < plan.size()) {
      way = draw < settings.duplicatePercent() + settings.interruptPercent() ? Way.INTERRUPTED : Way.FRESH;
      photo = plan.get(nextFresh++);
    } else {
      return due -> errors.add("the plan ran out of photos: " + plan.size() + " drawn");
    }
    byte[] bytes = photo.bytes();
    long prepareCpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
    return due -> {
      Uploader uploader = free.poll();
      if (uploader == null) {
        throw new IllegalStateException("no uploader free: the schedule runs more uploads than uploaders");
      }
      try {
        uploads.add(send(uploader, way, photo, bytes, due, prepareCpu));
      } finally {
        free.add(uploader);
      }
    };
  }

  private Upload send(Uploader uploader, Way way, PhotoPlan.Photo photo, byte[] bytes, long due, long prepareCpu) {
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    int chunks = (bytes.length + EvidenceUpload.DEFAULT_CHUNK_BYTES - 1) / EvidenceUpload.DEFAULT_CHUNK_BYTES;
    if (way == Way.INTERRUPTED) {
      uploader.connection().cutChunkAt(bytes, (long) (chunks - 1) * EvidenceUpload.DEFAULT_CHUNK_BYTES);
    }
    EvidenceStatus status;
    try {
      status = uploader.upload().upload(photo.sha256(), bytes);
    } catch (RuntimeException e) {
      throw new IllegalStateException("photo " + photo.index() + " (" + way + ", " + bytes.length + " bytes): " + e,
          e);
    }
    long done = System.nanoTime();
    int requests = uploader.upload().requests();
    int expected = switch (way) {
      case DUPLICATE -> 1;
      case FRESH -> 1 + chunks;
      case INTERRUPTED -> 3 + chunks;
    };
    if (!status.complete() || status.size() == null || status.size() != bytes.length) {
      errors.add("photo " + photo.index() + " (" + way + "): the server answered " + status);
    } else if (requests != expected) {
      errors.add("photo " + photo.index() + " (" + way + ", " + chunks + " chunk(s)): " + requests
          + " requests, expected " + expected);
    }
    if (way != Way.DUPLICATE) {
      stored.add(photo);
    }
    return new Upload(way, photo.sha256(), bytes.length, due, done, requests,
        prepareCpu + THREADS.getCurrentThreadCpuTime() - cpuBefore);
  }
}
