package org.inspectsync.load;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.inspectsync.protocol.client.SyncClient;

/**
 * What concurrent edits cost the server, against its own conflict-free baseline in the same run.
 * Each phone records hazard findings, then keeps updating their descriptions in batches. Two
 * workloads of the same shape, the same phones and findings: conflict-free, each phone editing its
 * own findings from their current version; and conflicting, where {@code conflictPercent} of the
 * updates edit the description another phone of the station has just changed, from the version
 * before that change, as an officer would who pulled the finding earlier and worked offline. The
 * server merges those, picks the winner by device id (no clock) and keeps the loser for review.
 * After a warm-up of both, the workloads alternate in closed loops (conflict-free, conflicting,
 * ...), so neither is favoured by the JIT or warm caches, and each is reported with the median of
 * its rounds; then, if asked, each runs on a schedule at a share of its median (open model). The
 * run fails on a failed or rejected push, a conflict answered where none was due or missing where
 * one was, and a conflicts table or versions that differ from what the phones did. Traffic goes to
 * 127.0.0.1 only.
 *
 * <p>Parameters are system properties, see {@link ConflictSettings}; e.g. {@code -DconflictPercent=20}.
 */
public final class ConflictingEdits {

  private ConflictingEdits() {
  }

  public static void main(String[] args) {
    Scenario.exit(() -> {
      ConflictReport report = run(ConflictSettings.fromSystemProperties(), System.out);
      report.findings().writeIfAsked();
      return report.ok();
    });
  }

  static ConflictReport run(ConflictSettings settings, PrintStream out) throws Exception {
    long deadline = System.nanoTime() + settings.timeLimit().toNanos();
    try (LoadRun run = LoadRun.start("conflicts")) {
      LoadDatabase db = run.db();
      String database = run.database();
      CityFixtures.City city = run.city(settings.city());
      List<String> errors = Collections.synchronizedList(new ArrayList<>());
      try (LoadServer server = run.server(settings.poolSize())) {
        // One thread per phone, and one to take the CPU reading when a phase's counted time begins.
        ExecutorService threads = Executors.newFixedThreadPool(settings.phones() + 1);
        try {
          ConflictReport report = edit(settings, city, server, db, threads, errors, database, deadline);
          report.print(out);
          return report;
        } finally {
          threads.shutdownNow();
          threads.awaitTermination(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static ConflictReport edit(ConflictSettings s, CityFixtures.City city, LoadServer server, LoadDatabase db,
      ExecutorService threads, List<String> errors, String database, long deadline) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    List<EditingPhone> phones = new ArrayList<>();
    List<String> deviceIds = new ArrayList<>();
    int[] stationOfPhone = new int[s.phones()];
    for (CityFixtures.Inspector inspector : city.inspectors()) {
      EditingPhone phone = new EditingPhone(new SyncClient(server.uri(), http), "load-phone-" + inspector.username());
      stationOfPhone[phones.size()] = city.stationIds().indexOf(inspector.stationId());
      phones.add(phone);
      deviceIds.add(phone.deviceId());
    }
    List<Future<?>> logins = new ArrayList<>();
    for (int p = 0; p < phones.size(); p++) {
      EditingPhone phone = phones.get(p);
      String username = city.inspectors().get(p).username();
      logins.add(threads.submit(() -> phone.login(username, CityFixtures.PASSWORD)));
    }
    for (Future<?> login : logins) {
      login.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    // A phone keeps at least half of what it does not edit in one batch to itself; a station's stock
    // holds two batches' worth of concurrent edits per phone, from many owners.
    FindingLedger ledger = new FindingLedger(stationOfPhone, city.stationIds().size(),
        (s.findingsPerPhone() - s.batch()) / 2, 2 * ((s.batch() * s.conflictPercent() + 99) / 100));
    EditFixtures.push(phones, city, s.findingsPerPhone(), s.batch(), ledger, threads, deadline);

    List<FindingEditor> editors = new ArrayList<>();
    for (int p = 0; p < phones.size(); p++) {
      editors.add(new FindingEditor(p, phones.get(p), ledger, deviceIds, s.batch(), errors));
    }
    EditLoop loop = new EditLoop(editors, threads, db.settings().database(), errors, deadline);
    if (!s.warmUp().isZero()) {
      loop.closed("warm-up, conflict-free", 0, Duration.ZERO, s.warmUp());
      loop.closed("warm-up, conflicting", s.conflictPercent(), Duration.ZERO, s.warmUp());
    }
    List<EditPhase> free = new ArrayList<>();
    List<EditPhase> conflicting = new ArrayList<>();
    for (int r = 1; r <= s.rounds(); r++) {
      free.add(loop.closed("conflict-free, round " + r, 0, s.settle(), s.closed()));
      conflicting.add(loop.closed("conflicting, round " + r, s.conflictPercent(), s.settle(), s.closed()));
    }
    EditPhase freeOpen = null;
    EditPhase conflictingOpen = null;
    if (!s.open().isZero() && errors.isEmpty()) {
      double share = s.openPercent() / 100.0;
      freeOpen = loop.onSchedule("conflict-free, open model", 0, ConflictReport.median(free) * share, s.batch(),
          s.settle(), s.open());
      conflictingOpen = loop.onSchedule("conflicting, open model", s.conflictPercent(),
          ConflictReport.median(conflicting) * share, s.batch(), s.settle(), s.open());
    }

    long concurrent = editors.stream().mapToLong(FindingEditor::concurrentEdits).sum();
    long reported = editors.stream().mapToLong(FindingEditor::reportedConflicts).sum();
    long expected = editors.stream().mapToLong(FindingEditor::expectedReported).sum();
    ConflictAudit audit;
    try (Connection connection = db.connect()) {
      audit = ConflictAudit.of(connection, ledger);
    }
    expect(s, ConflictReport.pooled(conflicting), concurrent, reported, expected, audit, errors);
    return new ConflictReport(s, database, free, conflicting, freeOpen, conflictingOpen, concurrent, reported,
        expected, audit, List.copyOf(errors));
  }

  /** What the run must show beyond each push's own answers. */
  private static void expect(ConflictSettings s, EditPhase conflicting, long concurrent, long reported,
      long expected, ConflictAudit audit, List<String> errors) {
    if (s.conflictPercent() > 0 && concurrent == 0) {
      errors.add("no concurrent edit was made: the conflicting workload did not conflict");
    }
    // A concurrent edit that finds no fresh change to edit is made a sequential one: a little under
    // the share is reported as measured, far under it is not the workload asked for.
    if (conflicting.concurrentPercent() < 0.8 * s.conflictPercent()) {
      errors.add(String.format(Locale.ROOT, "the conflicting workload made %.1f%% concurrent edits, not %d%%: too"
          + " few fresh changes to edit", conflicting.concurrentPercent(), s.conflictPercent()));
    }
    if (reported != expected) {
      errors.add("push results named " + reported + " lost values; the rules give " + expected);
    }
    if (audit.keptFieldConflicts() != concurrent) {
      errors.add("the conflicts table keeps " + audit.keptFieldConflicts() + " values; " + concurrent
          + " concurrent edits were made, each must leave one");
    }
    if (audit.lostByConcurrentEdits() != expected) {
      errors.add("the conflicts table keeps " + audit.lostByConcurrentEdits() + " concurrent edits' values; "
          + expected + " of them had to lose");
    }
    if (audit.keptOtherConflicts() != 0) {
      errors.add("the conflicts table keeps " + audit.keptOtherConflicts() + " values of another kind or field");
    }
    if (audit.versionMismatches() != 0) {
      errors.add(audit.versionMismatches() + " findings are not at the version the phones reckon");
    }
  }
}
