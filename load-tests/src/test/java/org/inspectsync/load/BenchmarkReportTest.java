package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The benchmarks report")
class BenchmarkReportTest {

  private static final BenchmarkScenario INGEST = BenchmarkScenario.byId("ingest").orElseThrow();

  private static Findings ingestFindings() {
    return new Findings("ingest").fact("database", "PostgreSQL 15.20, fresh database")
        .figure("mutationsPerSecond", 6365, "mutations/s", "server's maximum ingest")
        .figure("openP99", 64.2, "ms", "latency per batch p99 at 80%")
        .figure("statementsPerBatch", Double.NaN, "statements", "database statements per batch")
        .atLeast("ingest as a share of the raw-insert ceiling", 60, 50, "%")
        .atMost("p99 per batch at 80% of the maximum rate", 250, 64.2, "ms")
        .atMost("p99 per batch, a busier day", 250, 345.4, "ms")
        .atMost("a target not measured", 10, Double.NaN, "s");
  }

  private static String render(ScenarioRun run) {
    MachineFacts machine = new MachineFacts("Test CPU, 2 processors", "23.5 GiB", "6.1.0", "17.0.15");
    return new BenchmarkReport("2026-11-22 10:00 UTC", machine, Benchmarks.COMMAND, false, List.of(run),
        id -> "### How it measures\n\nBy " + id + ".").render();
  }

  @Test
  @DisplayName("writes one summary line per target: met, or missed by how much and by what share of the limit")
  void targetLines() {
    ScenarioRun run = new ScenarioRun(INGEST, Map.of(), 0, "RESULT: ok\n", ingestFindings(), Duration.ofSeconds(105),
        "1.96");
    String report = render(run);

    assertTrue(report.contains("| ingest | ingest as a share of the raw-insert ceiling | ≥ 60.0% | 50.0%"
        + " | **missed** by 10.0% (17% short) |"), report);
    assertTrue(report.contains("| ingest | p99 per batch at 80% of the maximum rate | ≤ 250 ms | 64.2 ms | met |"));
    assertTrue(report.contains("| ingest | p99 per batch, a busier day | ≤ 250 ms | 345 ms"
        + " | **missed** by 95.4 ms (38% over) |"));
    assertTrue(report.contains("| ingest | a target not measured | ≤ 10.0 s | n/a | not measured |"));
    assertTrue(report.contains("| ingest | server's maximum ingest | 6,365 mutations/s |"));
    assertTrue(report.contains("| PostgreSQL | PostgreSQL 15.20, fresh database |"));
    assertTrue(report.contains("```text\nRESULT: ok\n```"));
    assertTrue(report.contains("### How it measures\n\nBy ingest."));
  }

  @Test
  @DisplayName("reports a scenario that wrote no findings as failed, with what it printed")
  void failedRun() {
    ScenarioRun run = new ScenarioRun(INGEST, Map.of("phones", "4"), 2, "RESULT: FAILED (boom)\n", null,
        Duration.ofSeconds(3), "0.50");
    String report = render(run);

    assertTrue(report.contains("| ingest | every target | | | **failed**: exit 2, no findings |"), report);
    assertTrue(report.contains("`-Dphones=4`"));
    assertTrue(report.contains("RESULT: FAILED (boom)"));
  }

  @Test
  @DisplayName("keeps a figure that was not measured through JSON, which has no NaN")
  void notMeasuredThroughJson() {
    JsonObject json = new JsonObject(ingestFindings().toJson().encode());
    Findings read = Findings.fromJson(json);

    assertTrue(Double.isNaN(read.figures().get("statementsPerBatch").value()));
    assertEquals(4, read.targets().size());
    assertEquals("PostgreSQL 15.20, fresh database", read.facts().get("database"));
    assertEquals(List.of("mutationsPerSecond", "openP99", "statementsPerBatch"), List.copyOf(read.figures().keySet()));
  }

  @Test
  @DisplayName("runs the default scenarios unless told which, and refuses a name it does not know")
  void choosing() {
    assertEquals(BenchmarkScenario.ALL.stream().filter(BenchmarkScenario::byDefault).map(BenchmarkScenario::id).toList(),
        Benchmarks.chosen("").stream().map(BenchmarkScenario::id).toList());
    assertTrue(Benchmarks.chosen("").size() > 1);
    assertEquals(List.of("ingest", "pull"), Benchmarks.chosen("pull, ingest").stream().map(BenchmarkScenario::id)
        .toList());
    try {
      Benchmarks.chosen("nightly");
    } catch (IllegalArgumentException expected) {
      return;
    }
    throw new AssertionError("an unknown scenario was accepted");
  }
}
