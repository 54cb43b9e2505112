package org.inspectsync.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The figures of one morning pull storm and the targets it is held to. The run passed when every
 * phone pulled exactly its planned assignments without a failed request and every receipt was
 * marked delivered; the latency target is reported, not enforced.
 */
record MorningReport(MorningSettings settings, String database, DayPlans.Planned planned,
    OpenSchedule.Outcome outcome, List<MorningPhone.Result> results, ResourceUse use, long rssKiB, long peakRssKiB,
    List<String> errors) {

  /**
   * This scenario's target: a pull of the day's assignments (one page of a few changes) answered
   * within 50 ms of its due time at the 99th percentile, waiting included: the bound for a
   * page of 1,000 changes, held here for pages a hundredth the size but under a storm.
   */
  static final double TARGET_PULL_P99_MILLIS = 50;
  /** The machine's cores, for the province estimate. */
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  boolean ok() {
    return errors.isEmpty() && results.size() == settings.devices();
  }

  long rows() {
    return sum(MorningPhone.Result::rows);
  }

  Percentiles pull() {
    return of(r -> r.answeredNanos() - r.dueNanos());
  }

  Percentiles late() {
    return of(r -> r.sentNanos() - r.dueNanos());
  }

  long lateSends() {
    return results.stream().filter(r -> r.sentNanos() - r.dueNanos() >= StormReport.LATE_NANOS).count();
  }

  /** CPU per pull, this JVM and the backends, in microseconds. */
  double cpuPerPullMicros() {
    return (use.jvmCpuNanos() + use.backendCpuNanos()) / 1e3 / Math.max(1, results.size());
  }

  /** A province's storm at this cost per pull: CPU seconds, and seconds of this machine's cores. */
  double provinceCpuSeconds() {
    return cpuPerPullMicros() * MorningSettings.PROVINCE_DEVICES / 1e6;
  }

  void print(PrintStream out) {
    MorningSettings s = settings;
    double seconds = Math.max(outcome.seconds(), 1e-9);
    out.printf(Locale.ROOT, "morning pull: %d devices in %d stations; each dispatcher's plan gives every inspector a"
        + " routine round of %d entities and %d pairs a complaint follow-up; server pool %d connections%n",
        s.devices(), s.stations(), s.round(), s.pairs(), s.poolSize());
    out.printf(Locale.ROOT, "database: %s%n", database);
    out.printf(Locale.ROOT, "schedule: every device's pull due once, uniformly at random (seed %d) over %d s: %.0f"
        + " pulls/s offered; at most %d in flight%n", s.seed(), s.window().toSeconds(),
        s.devices() / (s.window().toNanos() / 1e9), s.inFlight());
    out.printf(Locale.ROOT, "pulls done: %d of %d in %.1f s from the schedule's start to the last answer (%.0f"
        + " pulls/s), %d pages%n", results.size(), s.devices(), outcome.seconds(), results.size() / seconds,
        sum(MorningPhone.Result::pages));
    out.printf(Locale.ROOT, "pull, from due time to the last page: %s%n", pull().summary());
    out.printf(Locale.ROOT, "late sends (%d ms or more after due): %d; lateness p99 %.1f ms, max %.1f ms; in-flight"
        + " cap of %d hit %d times (most in flight %d)%n", StormReport.LATE_NANOS / 1_000_000, lateSends(),
        late().millis(99), late().millis(100), s.inFlight(), outcome.capHits(), outcome.maxInFlight());
    out.printf(Locale.ROOT, "rows: %d assignments pulled (%.0f rows/s), %d planned for these devices%n", rows(),
        rows() / seconds, planned.byInspector().values().stream().mapToLong(Set::size).sum());
    out.printf(Locale.ROOT, "CPU per pull: %.1f us in this JVM (server and phones), %.1f us in database backends%n",
        use.jvmCpuNanos() / 1e3 / Math.max(1, results.size()), use.backendCpuNanos() / 1e3 / Math.max(1,
            results.size()));
    out.printf(Locale.ROOT, "a province (%d devices): at this CPU per pull, %.0f CPU seconds, %.0f s of this"
        + " machine's %d cores at full use%n", MorningSettings.PROVINCE_DEVICES, provinceCpuSeconds(),
        provinceCpuSeconds() / CORES, CORES);
    out.printf(Locale.ROOT, "process RSS after the storm: %.1f MiB; peak of the run %.1f MiB%n", rssKiB / 1024.0,
        peakRssKiB / 1024.0);
    double p99 = pull().millis(99);
    out.printf(Locale.ROOT, "target: pull p99 from due time < %.0f ms: %s (%.1f ms)%n", TARGET_PULL_P99_MILLIS,
        p99 < TARGET_PULL_P99_MILLIS ? "met" : "missed", p99);
    Scenario.printEnd(out, errors, ok());
  }

  Findings findings() {
    double seconds = Math.max(outcome.seconds(), 1e-9);
    Findings f = new Findings("morning-pull").fact("database", database).errors(errors.size())
        .figure("devices", settings.devices(), "devices", "phones, each pulling once")
        .figure("windowSeconds", settings.window().toSeconds(), "s", "window every pull is due in")
        .figure("assignments", planned.assignments(), "assignments", "assignments planned through the API")
        .figure("planSeconds", planned.elapsed().toNanos() / 1e9, "s", "time to post every station's plan")
        .figure("offeredPullsPerSecond", settings.devices() / (settings.window().toNanos() / 1e9), "pulls/s",
            "offered rate")
        .figure("achievedPullsPerSecond", results.size() / seconds, "pulls/s", "achieved rate");
    StormReport.percentiles(f, "pull", pull(), "pull latency from due time");
    return f.figure("lateSends", lateSends(), "sends", "sends 10 ms or more after due")
        .figure("capHits", outcome.capHits(), "devices", "devices that waited for the in-flight cap")
        .figure("pullRows", rows(), "rows", "changes pulled")
        .figure("pullRowsPerSecond", rows() / seconds, "rows/s", "changes pulled per second")
        .figure("jvmCpuPerPull", use.jvmCpuNanos() / 1e3 / Math.max(1, results.size()), "us", "CPU per pull in this JVM")
        .figure("backendCpuPerPull", use.backendCpuNanos() / 1e3 / Math.max(1, results.size()), "us",
            "CPU per pull in backends")
        .figure("provinceCpuSeconds", provinceCpuSeconds(), "s", "CPU a province's storm would take at this cost")
        .figure("rss", rssKiB / 1024.0, "MiB", "process RSS after the storm")
        .figure("rssPeak", peakRssKiB / 1024.0, "MiB", "process RSS, peak of the run")
        .atMost("errors", 0, errors.size(), "errors")
        .atMost("pullP99", TARGET_PULL_P99_MILLIS, pull().millis(99), "ms");
  }

  private Percentiles of(ToLongFunction<MorningPhone.Result> nanos) {
    return new Percentiles(results.stream().mapToLong(nanos).toArray());
  }

  private long sum(ToLongFunction<MorningPhone.Result> count) {
    return results.stream().mapToLong(count).sum();
  }
}
