package org.inspectsync.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A day of a city's phones against an in-process server: fixtures written by JDBC, then every
 * simulated phone logs in, records its checks offline, pushes and pulls, a bounded number of them
 * at once and within a time limit. Traffic goes to 127.0.0.1 only. Prints the figures and exits
 * non-zero if any phone failed, any mutation was rejected, or the database does not hold exactly
 * what the phones sent.
 *
 * <p>Parameters are system properties, see {@link Settings}; e.g. {@code -Ddevices=20 -Dchecks=5}.
 */
public final class CityDay {

  private CityDay() {
  }

  public static void main(String[] args) {
    Scenario.exit(() -> {
      Report report = run(Settings.fromSystemProperties(), System.out);
      report.findings().writeIfAsked();
      return report.ok();
    });
  }

  static Report run(Settings settings, PrintStream out) throws IOException, SQLException, InterruptedException {
    try (LoadRun run = LoadRun.start("city-day")) {
      LoadDatabase db = run.db();
      String database = run.database();
      long fixturesStart = System.nanoTime();
      CityFixtures.City city = run.city(settings);
      out.printf("fixtures: %d station(s), %d inspectors, %d entities, %d assignments in %d ms%n",
          city.stationIds().size(), city.inspectors().size(), city.entities(), city.inspectors().size(),
          (System.nanoTime() - fixturesStart) / 1_000_000);

      try (LoadServer server = run.server(settings.poolSize())) {
        Report report = devicePhase(settings, city, server, database, db);
        report.print(out);
        return report;
      }
    }
  }

  private static Report devicePhase(Settings settings, CityFixtures.City city, LoadServer server, String database,
      LoadDatabase db) throws InterruptedException, SQLException {
    // HTTP/1.1 as phones speak it over plain HTTP: one connection per phone at a time.
    TimedHttpClient http = new TimedHttpClient(HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build());
    ExecutorService phones = Executors.newFixedThreadPool(settings.concurrency());
    StatementCounter.Count statementsBefore = server.statements();
    long start = System.nanoTime();
    Instant deadline = Instant.now().plus(settings.timeLimit());
    List<Future<DeviceDay.Result>> running = new ArrayList<>();
    for (CityFixtures.Inspector inspector : city.inspectors()) {
      running.add(phones.submit(() -> DeviceDay.run(server.uri(), http, inspector, settings, deadline)));
    }
    phones.shutdown();
    List<DeviceDay.Result> results = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int d = 0; d < running.size(); d++) {
      long left = Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
      try {
        DeviceDay.Result result = running.get(d).get(left, TimeUnit.NANOSECONDS);
        results.add(result);
        if (result.failure() != null) {
          errors.add("device " + (d + 1) + ": " + result.failure());
        }
        for (String rejection : result.rejections()) {
          errors.add("device " + (d + 1) + ": rejected " + rejection);
        }
      } catch (ExecutionException e) {
        errors.add("device " + (d + 1) + ": " + e.getCause());
      } catch (TimeoutException e) {
        errors.add("device " + (d + 1) + ": not finished within the time limit of " + settings.timeLimit().toSeconds()
            + " s");
      }
    }
    phones.shutdownNow();
    phones.awaitTermination(30, TimeUnit.SECONDS);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    StatementCounter.Count statements = server.statements().since(statementsBefore);

    int finished = (int) results.stream().filter(r -> r.failure() == null).count();
    if (finished == settings.devices()) {
      errors.addAll(compareWithDatabase(results, city, db));
    }
    return new Report(settings, database, finished, elapsed,
        results.stream().mapToInt(DeviceDay.Result::mutations).sum(),
        results.stream().mapToInt(r -> r.rejections().size()).sum(),
        http.pushLatencies(), http.loginLatencies(), http.pullRequests(),
        results.stream().mapToLong(DeviceDay.Result::pulledRows).sum(),
        results.stream().mapToLong(DeviceDay.Result::extraPulls).sum(),
        statements, ResourceUse.statusKiB("VmHWM"), errors);
  }

  private static List<String> compareWithDatabase(List<DeviceDay.Result> results, CityFixtures.City city,
      LoadDatabase db) throws SQLException {
    StoredDay stored;
    try (Connection connection = db.connect()) {
      stored = StoredDay.read(connection, city.stationIds());
    }
    List<String> errors = new ArrayList<>();
    expect(errors, "checks", results.stream().mapToLong(DeviceDay.Result::checks).sum(), stored.checks());
    expect(errors, "checklist items", results.stream().mapToLong(DeviceDay.Result::items).sum(), stored.items());
    expect(errors, "findings", results.stream().mapToLong(DeviceDay.Result::findings).sum(), stored.findings());
    expect(errors, "findings ordered fixed", results.stream().mapToLong(DeviceDay.Result::findingUpdates).sum(),
        stored.findingsOrdered());
    expect(errors, "notices", results.stream().mapToLong(DeviceDay.Result::notices).sum(), stored.notices());
    // Every phone checks each entity of its round at least once, so every assignment is done.
    expect(errors, "assignments done", city.inspectors().size(), stored.assignmentsDone());
    return errors;
  }

  private static void expect(List<String> errors, String what, long sent, long stored) {
    if (sent != stored) {
      errors.add("database holds " + stored + " " + what + ", phones sent " + sent);
    }
  }
}
