package org.inspectsync.load;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scenario of the benchmarks report: its main class, the {@code -D} parameters of a full-size
 * run and of a tiny one (a smoke of the report), the figures its summary lists, and whether the
 * default run includes it. Its prose is the resource {@code benchmarks/<id>.md}.
 *
 * @param id the name used by {@code only=}, the Findings and the prose resource
 * @param title the section's heading
 * @param mainClass run in a JVM of its own, on the benchmarks JVM's class path
 * @param full parameters of the full-size run, in the order they are shown
 * @param tiny parameters of a tiny run; every scenario's run in seconds
 * @param headlines names of Findings figures shown in the summary
 * @param byDefault part of the run without {@code only=}
 * @param limit the child JVM is ended after this, at full size
 */
record BenchmarkScenario(String id, String title, String mainClass, Map<String, String> full,
    Map<String, String> tiny, List<String> headlines, boolean byDefault, Duration limit) {

  /**
   * Every scenario, in the order they run. The default run takes about 50 minutes on 2 cores; to add
   * a scenario, add an entry here and its prose as {@code src/main/resources/benchmarks/<id>.md}.
   */
  static final List<BenchmarkScenario> ALL = List.of(
      new BenchmarkScenario("city-day", "A city's day: 2,000 phones", "org.inspectsync.load.CityDay",
          ordered("devices", "2000", "checks", "10", "entities", "500", "concurrency", "64", "timeLimit", "900"),
          ordered("devices", "4", "checks", "2", "entities", "20", "concurrency", "4", "poolSize", "4"),
          List.of("mutationsPerSecond", "pushP50", "pushP95", "pushP99", "pulledRows", "statementsPerRequest"),
          true, Duration.ofMinutes(16)),
      new BenchmarkScenario("ingest", "Ingest against the database's ceiling", "org.inspectsync.load.Ingest",
          ordered(),
          ordered("phones", "4", "poolSize", "4", "warmUpSeconds", "1", "closedSeconds", "2", "openSeconds", "2",
              "ceilingSeconds", "1"),
          List.of("mutationsPerSecond", "rawInsertRowsPerSecond", "shareOfRawInsert", "openP50", "openP95", "openP99",
              "cpuPerMutation", "backendCpuPerMutation", "statementsPerBatch", "wavesPerBatch", "commitsPerBatch",
              "rss"),
          true, Duration.ofMinutes(6)),
      new BenchmarkScenario("pull", "Pull: pages and a cold catch-up", "org.inspectsync.load.PullCatchUp",
          ordered(),
          ordered("smallChanges", "1000", "changes", "3000", "concurrentPhones", "2", "poolSize", "4"),
          List.of("rowsPerSecond", "catchUpSeconds", "pageP99", "togetherRowsPerSecond", "heapKept", "peakRss"),
          true, Duration.ofMinutes(6)),
      new BenchmarkScenario("live-tallies", "Live tallies: 10,000 subscribers", "org.inspectsync.load.LiveTallies",
          ordered("subscribers", "10000", "timeLimit", "400"),
          ordered("subscribers", "20", "pushes", "10", "rate", "10", "stations", "2", "connecting", "20",
              "poolSize", "4"),
          List.of("deliveryP50", "deliveryP99", "heapPerSubscriber", "rssWatched"),
          true, Duration.ofMinutes(8)),
      new BenchmarkScenario("evening-storm", "A province's evening storm: 25,000 phones",
          "org.inspectsync.load.EveningStorm",
          ordered(),
          ordered("devices", "40", "windowSeconds", "2", "inFlight", "40", "poolSize", "4"),
          List.of("offeredMutationsPerSecond", "achievedMutationsPerSecond", "pushP50", "pushP95", "pushP99",
              "syncP99", "pullRowsPerSecond", "jvmCpuPerMutation", "backendCpuPerMutation", "rssPeak"),
          true, Duration.ofMinutes(28)),
      new BenchmarkScenario("morning-pull", "A city's morning pull of assignments: 2,000 phones",
          "org.inspectsync.load.MorningPull",
          ordered(),
          ordered("devices", "40", "windowSeconds", "2", "inFlight", "40", "poolSize", "4"),
          List.of("achievedPullsPerSecond", "pullP50", "pullP95", "pullP99", "pullRowsPerSecond", "jvmCpuPerPull",
              "backendCpuPerPull", "rssPeak"),
          true, Duration.ofMinutes(6)),
      new BenchmarkScenario("conflicts", "Conflicting edits", "org.inspectsync.load.ConflictingEdits",
          ordered(),
          ordered("phones", "4", "poolSize", "4", "findingsPerPhone", "128", "rounds", "1", "warmUpSeconds", "1",
              "settleSeconds", "1", "closedSeconds", "2", "openSeconds", "1"),
          List.of("conflictFreeMutationsPerSecond", "conflictingMutationsPerSecond", "conflictRateRatio",
              "conflictFreeBatchP99Millis", "conflictingBatchP99Millis", "conflictingOpenP99Millis"),
          true, Duration.ofMinutes(6)),
      new BenchmarkScenario("photos", "Photos beside record ingest", "org.inspectsync.load.PhotoMix",
          ordered(),
          ordered("phones", "4", "poolSize", "4", "uploaders", "2", "rounds", "1", "warmUpSeconds", "1",
              "settleSeconds", "1", "closedSeconds", "2", "stormDevices", "6000", "sizePercent", "10",
              "duplicatePercent", "10", "interruptPercent", "10"),
          List.of("aloneMutationsPerSecond", "withPhotosMutationsPerSecond", "withPhotosOverAlone", "aloneBatchP99",
              "withPhotosBatchP99", "photosPerSecond", "megabytesPerSecond", "uploadP50", "uploadP99",
              "serverCpuPerMegabyte", "rss"),
          true, Duration.ofMinutes(6)));

  static Optional<BenchmarkScenario> byId(String id) {
    return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** Parameters at the given scale. */
  Map<String, String> parameters(boolean tinyScale) {
    return tinyScale ? tiny : full;
  }

  /** Name-value pairs in the order given. */
  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
