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
import java.util.UUID;

/**
 * A province's evening sync storm, in one run against a fresh database. Fixtures by JDBC: a bureau,
 * a station per 20 phones, an inspector and a registered device per phone, each with today's round.
 * Against an in-process server on 127.0.0.1, one phone per station catches up so that every phone
 * holds its station's cursor from the morning (see {@link StationCursors}); every phone holds an
 * access token issued with the server's key (see {@link IssuedTokens}). Then each phone's evening
 * sync (see {@link EveningSync}: one batch pushed, then a pull) is due at a time drawn from a seeded
 * schedule over a compressed window and leaves at that time, whatever the server is doing (see
 * {@link OpenSchedule}); latency counts from the due time. Prints the figures, writes
 * {@link Findings}, and fails on any failed request, rejection, phone that did not see its own
 * writes, or database that does not hold exactly what the phones sent.
 *
 * <p>Parameters are system properties, see {@link StormSettings}; e.g. {@code -Ddevices=2000 -DwindowSeconds=15}.
 */
public final class EveningStorm {

  private EveningStorm() {
  }

  public static void main(String[] args) {
    Scenario.exit(() -> run(StormSettings.fromSystemProperties(), System.out).ok());
  }

  static StormReport run(StormSettings settings, PrintStream out) throws Exception {
    long deadline = System.nanoTime() + settings.timeLimit().toNanos();
    try (LoadRun run = LoadRun.start("storm")) {
      LoadDatabase db = run.db();
      String database = run.database();
      long fixturesStart = System.nanoTime();
      CityFixtures.City city = run.city(settings.city());
      try (LoadServer server = run.server(settings.poolSize())) {
        List<Fleet.Device> devices;
        try (Connection connection = db.connect()) {
          devices = Fleet.register(connection, city, IssuedTokens.forServer(run.workDir()));
        }
        URI base = server.uri();
        HttpClient http = Fleet.http();
        Map<UUID, String> cursors = StationCursors.catchUp(base, http, devices, deadline);
        out.printf("prepared in %.1f s: %d stations x %d entities, %d inspectors with a registered device, a token"
                + " and their station's cursor%n", (System.nanoTime() - fixturesStart) / 1e9, city.stationIds().size(),
            settings.entities(), devices.size());

        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<EveningSync.Result> results = Collections.synchronizedList(new ArrayList<>(devices.size()));
        long[] offsets = OpenSchedule.dueOffsets(devices.size(), settings.window(), settings.seed());
        ResourceUse before = ResourceUse.now(db);
        OpenSchedule.Outcome outcome = OpenSchedule.run(offsets, d -> {
          Fleet.Device device = devices.get(d);
          EveningSync phone = EveningSync.recorded(d + 1, device.inspector(), device.client(base, http),
              cursors.get(device.inspector().stationId()), settings);
          return due -> results.add(phone.sync(due, errors));
        }, settings.inFlight(), deadline, errors);
        ResourceUse use = ResourceUse.now(db).since(before);
        long rssKiB = ResourceUse.statusKiB("VmRSS");
        List<EveningSync.Result> done = results.stream().filter(Objects::nonNull).toList();
        StoredDay stored;
        try (Connection connection = db.connect()) {
          stored = StoredDay.read(connection, city.stationIds());
        }
        errors.addAll(StormReport.compare(done, stored, devices.size()));
        StormReport report = new StormReport(settings, database, outcome, done, use, rssKiB,
            ResourceUse.statusKiB("VmHWM"), List.copyOf(errors));
        report.print(out);
        report.findings().writeIfAsked();
        return report;
      }
    }
  }
}
