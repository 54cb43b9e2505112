package org.inspectsync.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;

/**
 * Whether photo uploads slow record ingest, in one run against a fresh database. Phones push
 * batches of checks and hazard findings that name photos by hash ({@link PhotoRecords}), in a
 * closed loop that finds the server's maximum rate; in every other phase a few uploader phones
 * send a realistic mix of photos ({@link PhotoPlan}) at the rate of the province's evening storm in
 * real time, on an open schedule ({@link PhotoUploads}). After a warm-up of both, the phases
 * alternate (alone, with photos, alone, ...) so that neither is favoured by the JIT or warm caches,
 * and each way is reported with the median of its rounds. The run ends by checking the server's
 * state: every photo sent stored once, whole, with its type, in the database and on disk; every
 * finding whose photos have all arrived no longer pending, every other one still pending. Uploaded
 * files go to the server's evidence directory under the run's temporary directory, deleted with it.
 * Traffic goes to 127.0.0.1 only. Prints the figures and exits non-zero on any error.
 *
 * <p>Parameters are system properties, see {@link PhotoMixSettings}; e.g. {@code -DstormDevices=6000}.
 */
public final class PhotoMix {

  /** Each uploader device may store 500 MiB a day; the plan keeps well under it. */
  private static final long UPLOADER_BYTES = 450L * 1024 * 1024;

  private PhotoMix() {
  }

  public static void main(String[] args) {
    Scenario.exit(() -> {
      PhotoMixReport report = run(PhotoMixSettings.fromSystemProperties(), System.out);
      report.findings().writeIfAsked();
      return report.ok();
    });
  }

  /** What the server holds at the end, against what the phones sent. */
  record Verification(int photosSent, int storedRows, int rightRows, int files, long fileBytes, int rightFiles,
      int findingsComplete, int findingsStillPending, int findingsAwaiting, int findingsWronglyDone, long checks,
      long findings) {
  }

  static PhotoMixReport run(PhotoMixSettings settings, PrintStream out) throws Exception {
    long deadline = System.nanoTime() + settings.timeLimit().toNanos();
    try (LoadRun run = LoadRun.start("photos")) {
      LoadDatabase db = run.db();
      String database = run.database();
      CityFixtures.City city = run.city(settings.city());
      long planStart = System.nanoTime();
      int planned = PhotoUploads.offered(settings, settings.warmUp())
          + settings.rounds() * PhotoUploads.offered(settings, settings.settle().plus(settings.closed()));
      List<PhotoPlan.Photo> plan = PhotoPlan.draw(planned, settings.sizePercent(), settings.seed());
      Duration planning = Duration.ofNanos(System.nanoTime() - planStart);
      if (PhotoPlan.bytes(plan) / settings.uploaders() > UPLOADER_BYTES) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%d uploaders would each store %.0f MiB, over"
            + " the server's 500 MiB a day per device: raise -Duploaders", settings.uploaders(),
            PhotoPlan.bytes(plan) / settings.uploaders() / 1048576.0));
      }
      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      Path evidenceDir = LoadServer.config(run.workDir(), settings.poolSize()).evidence().storeDir();
      try (LoadServer server = run.server(settings.poolSize())) {
        // One thread per record phone, one for the CPU reading when a phase's counted time begins.
        ExecutorService threads = Executors.newFixedThreadPool(settings.phones() + 1);
        ExecutorService schedule = Executors.newSingleThreadExecutor();
        try {
          HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10)).build();
          List<CityFixtures.Inspector> recorders = city.inspectors().subList(0, settings.phones());
          List<Phone> phones = new ArrayList<>();
          for (CityFixtures.Inspector inspector : recorders) {
            phones.add(new Phone(new SyncClient(server.uri(), http), "load-phone-" + inspector.username(),
                settings.batch(), 1000));
          }
          PhotoRecords records = new PhotoRecords(settings, recorders, phones,
              plan.stream().map(PhotoPlan.Photo::sha256).toList(), errors, db.settings().database(), threads, deadline);
          records.login();
          PhotoUploads uploads = new PhotoUploads(plan, settings, errors, deadline);
          uploads.login(server.uri(), http, city.inspectors().subList(settings.phones(), city.inspectors().size()));

          // The warm-up alone also names every planned photo, so that each record is pushed before its photo.
          records.closed("warm-up, alone", Duration.ZERO, settings.warmUp(), true);
          if (!settings.warmUp().isZero()) {
            withPhotos(records, uploads, schedule, "warm-up, with photos", Duration.ZERO, settings.warmUp());
          }
          List<PhotoRecords.Phase> alone = new ArrayList<>();
          List<PhotoRecords.Phase> together = new ArrayList<>();
          for (int r = 1; r <= settings.rounds() && errors.isEmpty(); r++) {
            alone.add(records.closed("alone, round " + r, settings.settle(), settings.closed(), false));
            together.add(withPhotos(records, uploads, schedule, "with photos, round " + r, settings.settle(),
                settings.closed()));
          }
          long rssKiB = ResourceUse.statusKiB("VmRSS");
          Verification verification = verify(db, evidenceDir, uploads.stored(), records, errors);
          PhotoMixReport report = new PhotoMixReport(settings, database, plan, planning, alone, together,
              verification, rssKiB, ResourceUse.statusKiB("VmHWM"), List.copyOf(errors));
          report.print(out);
          return report;
        } finally {
          threads.shutdownNow();
          schedule.shutdownNow();
          threads.awaitTermination(30, TimeUnit.SECONDS);
          schedule.awaitTermination(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Ingest in a closed loop while the photos due over the same time are sent; waits for the last photo. */
  private static PhotoRecords.Phase withPhotos(PhotoRecords records, PhotoUploads uploads, ExecutorService schedule,
      String name, Duration settle, Duration counted) throws Exception {
    Future<PhotoUploads.Phase> sending = schedule.submit(() -> uploads.run(name, settle.plus(counted)));
    PhotoRecords.Phase pushed = records.closed(name, settle, counted, false);
    return pushed.with(sending.get());
  }

  private static Verification verify(LoadDatabase db, Path evidenceDir, List<PhotoPlan.Photo> sent,
      PhotoRecords records, List<String> errors) throws Exception {
    Map<String, PhotoPlan.Photo> bySha = new HashMap<>();
    sent.forEach(p -> bySha.put(p.sha256(), p));
    int storedRows = 0;
    int rightRows = 0;
    int findingsComplete;
    int findingsStillPending;
    int findingsAwaiting;
    int findingsWronglyDone;
    long checks;
    long findings;
    try (Connection connection = db.connect()) {
      try (Statement statement = connection.createStatement();
           ResultSet rows = statement.executeQuery(
               "SELECT sha256, size, media_type FROM evidence_files WHERE stored_at IS NOT NULL")) {
        while (rows.next()) {
          storedRows++;
          PhotoPlan.Photo photo = bySha.get(rows.getString(1));
          if (photo == null) {
            errors.add("evidence_files stores " + rows.getString(1) + ", which no phone sent");
          } else if (rows.getLong(2) != photo.size() || !photo.kind().mediaType.equals(rows.getString(3))) {
            errors.add("evidence_files holds " + rows.getString(1) + " as " + rows.getLong(2) + " bytes of "
                + rows.getString(3) + "; sent " + photo.size() + " bytes of " + photo.kind().mediaType);
          } else {
            rightRows++;
          }
        }
      }
      // A finding is complete when every photo it names has arrived.
      try (PreparedStatement query = connection.prepareStatement("""
          SELECT count(*) FILTER (WHERE photos <@ ?::text[]),
                 count(*) FILTER (WHERE photos <@ ?::text[] AND evidence_pending),
                 count(*) FILTER (WHERE NOT photos <@ ?::text[]),
                 count(*) FILTER (WHERE NOT photos <@ ?::text[] AND NOT evidence_pending)
          FROM hazard_findings
          """)) {
        java.sql.Array hashes = connection.createArrayOf("text", bySha.keySet().toArray());
        for (int i = 1; i <= 4; i++) {
          query.setArray(i, hashes);
        }
        try (ResultSet row = query.executeQuery()) {
          row.next();
          findingsComplete = row.getInt(1);
          findingsStillPending = row.getInt(2);
          findingsAwaiting = row.getInt(3);
          findingsWronglyDone = row.getInt(4);
        }
      }
      try (Statement statement = connection.createStatement();
           ResultSet row = statement.executeQuery(
               "SELECT (SELECT count(*) FROM market_checks), (SELECT count(*) FROM hazard_findings)")) {
        row.next();
        checks = row.getLong(1);
        findings = row.getLong(2);
      }
    }
    Map<String, Long> files = storedFiles(evidenceDir);
    int rightFiles = 0;
    for (PhotoPlan.Photo photo : sent) {
      Long size = files.get(photo.sha256());
      if (size == null || size != photo.size()) {
        errors.add("the evidence store holds " + (size == null ? "no file" : size + " bytes") + " for photo "
            + photo.index() + " (" + photo.size() + " bytes sent)");
      } else {
        rightFiles++;
      }
    }
    long fileBytes = files.values().stream().mapToLong(Long::longValue).sum();
    if (storedRows != sent.size() || files.size() != sent.size()) {
      errors.add(sent.size() + " photos sent; evidence_files stores " + storedRows + ", the store holds "
          + files.size() + " files");
    }
    long expectedComplete = records.namingFindings().stream().filter(bySha.keySet()::containsAll).count();
    if (findingsComplete != expectedComplete) {
      errors.add(findingsComplete + " findings name only photos that arrived; the phones pushed " + expectedComplete);
    }
    if (findingsStillPending != 0) {
      errors.add(findingsStillPending + " findings whose photos have all arrived still say evidencePending");
    }
    if (findingsWronglyDone != 0) {
      errors.add(findingsWronglyDone + " findings naming photos not sent say evidencePending false");
    }
    if (checks != records.checks() || findings != records.findings()) {
      errors.add("the database holds " + checks + " checks and " + findings + " findings; the phones pushed "
          + records.checks() + " and " + records.findings());
    }
    Set<String> distinct = new HashSet<>(bySha.keySet());
    return new Verification(distinct.size(), storedRows, rightRows, files.size(), fileBytes, rightFiles,
        findingsComplete, findingsStillPending, findingsAwaiting, findingsWronglyDone, checks, findings);
  }

  /** Stored files by name (the hash) and size; a half-written temporary file is not one. */
  private static Map<String, Long> storedFiles(Path dir) throws IOException {
    Map<String, Long> files = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        String name = path.getFileName().toString();
        if (name.matches("[0-9a-f]{64}")) {
          files.put(name, Files.size(path));
        }
      }
    }
    return files;
  }
}
