package org.inspectsync.load;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A city's morning pull storm, in one run against a fresh database. Fixtures by JDBC: a bureau, a
 * station per 20 phones, an inspector and a registered device per phone. Against an in-process
 * server on 127.0.0.1, every phone starts from its station's cursor (see {@link StationCursors})
 * and pulls once, so that only what comes after is new; then every station's dispatcher plans the
 * day through the API (see {@link DayPlans}); then each phone's pull of its new assignments is due
 * at a time drawn from a seeded schedule over a short window and leaves at that time (see
 * {@link OpenSchedule}); latency counts from the due time. Prints the figures, writes
 * {@link Findings}, and fails on any failed request, any pull that brought other than the phone's
 * planned assignments, or a receipt not marked delivered.
 *
 * <p>Parameters are system properties, see {@link MorningSettings}; e.g. {@code -Ddevices=200 -DwindowSeconds=5}.
 */
public final class MorningPull {

  private static final int FIRST_PULL_THREADS = 4;

  private MorningPull() {
  }

  public static void main(String[] args) {
    Scenario.exit(() -> run(MorningSettings.fromSystemProperties(), System.out).ok());
  }

  static MorningReport run(MorningSettings settings, PrintStream out) throws Exception {
    long deadline = System.nanoTime() + settings.timeLimit().toNanos();
    try (LoadRun run = LoadRun.start("morning")) {
      LoadDatabase db = run.db();
      String database = run.database();
      CityFixtures.City city = run.city(settings.city());
      try (LoadServer server = run.server(settings.poolSize());
           Connection connection = db.connect()) {
        IssuedTokens tokens = IssuedTokens.forServer(run.workDir());
        List<Fleet.Device> devices = Fleet.register(connection, city, tokens);
        URI base = server.uri();
        HttpClient http = Fleet.http();
        Map<UUID, String> cursors = StationCursors.catchUp(base, http, devices, deadline);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<MorningPhone> phones = new ArrayList<>();
        for (int d = 0; d < devices.size(); d++) {
          phones.add(new MorningPhone(d + 1, devices.get(d).client(base, http)));
        }
        AtomicInteger before = new AtomicInteger();
        Parallel.each(phones.size(), FIRST_PULL_THREADS, deadline, d -> before.addAndGet(
            phones.get(d).firstPull(cursors.get(devices.get(d).inspector().stationId()))));
        if (before.get() != 0) {
          errors.add("the pulls before the plan brought " + before.get() + " changes; the cursors were not current");
        }
        DayPlans.Planned planned = DayPlans.write(connection, base, http, devices, tokens, settings, run.tag(), deadline);
        out.printf("planned: %d assignments for %d inspectors in %d plan requests (one per station) in %.1f s%n",
            planned.assignments(), devices.size(), planned.requests(), planned.elapsed().toNanos() / 1e9);

        List<MorningPhone.Result> results = Collections.synchronizedList(new ArrayList<>(devices.size()));
        long[] offsets = OpenSchedule.dueOffsets(devices.size(), settings.window(), settings.seed());
        ResourceUse start = ResourceUse.now(db);
        OpenSchedule.Outcome outcome = OpenSchedule.run(offsets, d -> {
          Set<UUID> expected = planned.byInspector().getOrDefault(devices.get(d).userId(), Set.of());
          return due -> results.add(phones.get(d).stormPull(due, expected, errors));
        }, settings.inFlight(), deadline, errors);
        ResourceUse use = ResourceUse.now(db).since(start);
        long rssKiB = ResourceUse.statusKiB("VmRSS");
        long expectedReceipts = planned.byInspector().values().stream().mapToLong(Set::size).sum();
        long delivered = DayPlans.deliveredReceipts(connection, planned);
        if (delivered != expectedReceipts) {
          errors.add(delivered + " receipts marked delivered, " + expectedReceipts + " expected");
        }
        MorningReport report = new MorningReport(settings, database, planned, outcome,
            results.stream().filter(Objects::nonNull).toList(), use, rssKiB, ResourceUse.statusKiB("VmHWM"),
            List.copyOf(errors));
        report.print(out);
        report.findings().writeIfAsked();
        return report;
      }
    }
  }
}
