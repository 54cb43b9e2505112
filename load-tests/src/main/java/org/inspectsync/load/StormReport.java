package org.inspectsync.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The figures of one evening storm and the targets it is held to. The run passed when every phone
 * synced without a failed request or a rejection, saw its own writes, and the database held
 * exactly what the phones sent; the latency and rate targets are reported, not enforced.
 */
record StormReport(StormSettings settings, String database, OpenSchedule.Outcome outcome,
    List<EveningSync.Result> results, ResourceUse use, long rssKiB, long peakRssKiB, List<String> errors) {

  /** This scenario's target: pushes answered within 1 s of their due time at the 99th percentile ... */
  static final double TARGET_PUSH_P99_MILLIS = 1000;
  /** ... and the server keeps up: mutations done at this share of the offered rate or more. */
  static final double TARGET_SHARE_OF_OFFERED = 0.95;
  /** A send this late or later counts as late. */
  static final long LATE_NANOS = 10_000_000L;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  boolean ok() {
    return errors.isEmpty() && results.size() == settings.devices();
  }

  /** Differences between what the phones sent and what the database holds. */
  static List<String> compare(List<EveningSync.Result> results, StoredDay stored, int devices) {
    List<String> errors = new ArrayList<>();
    expect(errors, "checks", sum(results, EveningSync.Result::checks), stored.checks());
    expect(errors, "checklist items", sum(results, EveningSync.Result::items), stored.items());
    expect(errors, "findings", sum(results, EveningSync.Result::findings), stored.findings());
    if (results.size() == devices) {
      // Every phone checked each entity of its round, so every assignment is done.
      expect(errors, "assignments done", devices, stored.assignmentsDone());
    }
    return errors;
  }

  long mutations() {
    return sum(results, EveningSync.Result::mutations);
  }

  long pulledRows() {
    return sum(results, EveningSync.Result::pulledRows);
  }

  /** The rate the schedule offers: every phone's batch within the window. */
  double offeredMutationsPerSecond() {
    return mutations() / (settings.window().toNanos() / 1e9);
  }

  /** Mutations over the time from the schedule's start to the last answer. */
  double achievedMutationsPerSecond() {
    return mutations() / Math.max(outcome.seconds(), 1e-9);
  }

  Percentiles push() {
    return of(r -> r.pushedNanos() - r.dueNanos());
  }

  /** The first pull (every page) is due when the push is answered. */
  Percentiles pull() {
    return of(r -> r.pulledNanos() - r.pushedNanos());
  }

  Percentiles sync() {
    return of(r -> r.doneNanos() - r.dueNanos());
  }

  Percentiles late() {
    return of(r -> r.sentNanos() - r.dueNanos());
  }

  /** Share of the machine's cores this run's JVM and backends used during the storm: what the offered rate costs. */
  double busyShare() {
    return (use.jvmCpuNanos() + use.backendCpuNanos()) / (outcome.seconds() * 1e9 * CORES);
  }

  long lateSends() {
    return results.stream().filter(r -> r.sentNanos() - r.dueNanos() >= LATE_NANOS).count();
  }

  void print(PrintStream out) {
    StormSettings s = settings;
    out.printf(Locale.ROOT, "evening storm: %d devices in %d stations, each pushing one batch (%d checks with %d"
        + " checklist results, a hazard finding for one check in four) then pulling; server pool %d connections%n",
        s.devices(), s.stations(), s.checks(), s.items(), s.poolSize());
    out.printf(Locale.ROOT, "database: %s%n", database);
    out.printf(Locale.ROOT, "schedule: every device due once, uniformly at random (seed %d) over %d s: %.0f syncs/s,"
        + " %.1f times the real evening's rate (half of the devices within 30 minutes); at most %d in flight%n",
        s.seed(), s.window().toSeconds(), s.devices() / (s.window().toNanos() / 1e9), s.compression(), s.inFlight());
    out.printf(Locale.ROOT, "devices synced: %d of %d; mutations: %d; offered %.0f mutations/s, achieved %.0f"
        + " mutations/s (%.1f s from the schedule's start to the last answer)%n", results.size(), s.devices(),
        mutations(), offeredMutationsPerSecond(), achievedMutationsPerSecond(), outcome.seconds());
    out.printf(Locale.ROOT, "push, from due time to answer: %s%n", push().summary());
    out.printf(Locale.ROOT, "pull, from the push's answer to the last page: %s%n", pull().summary());
    out.printf(Locale.ROOT, "whole sync, from due time until own writes seen: %s%n", sync().summary());
    out.printf(Locale.ROOT, "late sends (%d ms or more after due): %d; lateness p99 %.1f ms, max %.1f ms; in-flight"
        + " cap of %d hit %d times (most in flight %d)%n", LATE_NANOS / 1_000_000, lateSends(), late().millis(99),
        late().millis(100), s.inFlight(), outcome.capHits(), outcome.maxInFlight());
    out.printf(Locale.ROOT, "pull rows: %d (%.0f rows/s over the storm), %d pulls repeated while older transactions"
        + " held own writes back%n", pulledRows(), pulledRows() / Math.max(outcome.seconds(), 1e-9),
        sum(results, EveningSync.Result::repeatedPulls));
    out.printf(Locale.ROOT, "CPU per mutation: %.1f us in this JVM (server and phones), %.1f us in database"
        + " backends; %.1f commits, %.1f tuples written per device%n", perMutation(use.jvmCpuNanos()),
        perMutation(use.backendCpuNanos()), use.commits() / (double) s.devices(),
        use.tuplesWritten() / (double) s.devices());
    out.printf(Locale.ROOT, "the run's JVM and backends kept %.0f%% of this machine's %d cores busy during the storm%n",
        100 * busyShare(), CORES);
    out.printf(Locale.ROOT, "process RSS after the storm: %.1f MiB; peak of the run %.1f MiB%n", rssKiB / 1024.0,
        peakRssKiB / 1024.0);
    double p99 = push().millis(99);
    double share = achievedMutationsPerSecond() / offeredMutationsPerSecond();
    out.printf(Locale.ROOT, "target: push p99 from due time < %.0f ms: %s (%.1f ms); achieved >= %.0f%% of offered:"
        + " %s (%.0f%%)%n", TARGET_PUSH_P99_MILLIS, p99 < TARGET_PUSH_P99_MILLIS ? "met" : "missed", p99,
        100 * TARGET_SHARE_OF_OFFERED, share >= TARGET_SHARE_OF_OFFERED ? "met" : "missed", 100 * share);
    Scenario.printEnd(out, errors, ok());
  }

  Findings findings() {
    Findings f = new Findings("evening-storm").fact("database", database).errors(errors.size())
        .figure("devices", settings.devices(), "devices", "phones, each syncing once")
        .figure("windowSeconds", settings.window().toSeconds(), "s", "window every sync is due in")
        .figure("compression", settings.compression(), "x", "times the real evening's rate")
        .figure("mutations", mutations(), "mutations", "mutations pushed")
        .figure("offeredMutationsPerSecond", offeredMutationsPerSecond(), "mutations/s", "offered rate")
        .figure("achievedMutationsPerSecond", achievedMutationsPerSecond(), "mutations/s", "achieved rate");
    percentiles(f, "push", push(), "push latency from due time");
    percentiles(f, "pull", pull(), "pull latency from the push's answer");
    percentiles(f, "sync", sync(), "whole sync from due time");
    return f.figure("lateSends", lateSends(), "sends", "sends 10 ms or more after due")
        .figure("capHits", outcome.capHits(), "devices", "devices that waited for the in-flight cap")
        .figure("pullRows", pulledRows(), "rows", "changes pulled")
        .figure("pullRowsPerSecond", pulledRows() / Math.max(outcome.seconds(), 1e-9), "rows/s", "changes pulled per second")
        .figure("jvmCpuPerMutation", perMutation(use.jvmCpuNanos()), "us", "CPU per mutation in this JVM")
        .figure("backendCpuPerMutation", perMutation(use.backendCpuNanos()), "us", "CPU per mutation in backends")
        .figure("busyShare", busyShare(), "ratio", "share of the cores used by the JVM and backends during the storm")
        .figure("rss", rssKiB / 1024.0, "MiB", "process RSS after the storm")
        .figure("rssPeak", peakRssKiB / 1024.0, "MiB", "process RSS, peak of the run")
        .atMost("errors", 0, errors.size(), "errors")
        .atMost("pushP99", TARGET_PUSH_P99_MILLIS, push().millis(99), "ms")
        .atLeast("achievedShareOfOffered", TARGET_SHARE_OF_OFFERED,
            achievedMutationsPerSecond() / offeredMutationsPerSecond(), "ratio");
  }

  static void percentiles(Findings f, String name, Percentiles p, String label) {
    f.figure(name + "P50", p.millis(50), "ms", label + ", p50")
        .figure(name + "P95", p.millis(95), "ms", label + ", p95")
        .figure(name + "P99", p.millis(99), "ms", label + ", p99")
        .figure(name + "Max", p.millis(100), "ms", label + ", max");
  }

  private double perMutation(long nanos) {
    return nanos / 1e3 / Math.max(1, mutations());
  }

  private Percentiles of(ToLongFunction<EveningSync.Result> nanos) {
    return new Percentiles(results.stream().mapToLong(nanos).toArray());
  }

  private static long sum(List<EveningSync.Result> results, ToLongFunction<EveningSync.Result> count) {
    return results.stream().mapToLong(count).sum();
  }

  private static void expect(List<String> errors, String what, long sent, long stored) {
    if (sent != stored) {
      errors.add("database holds " + stored + " " + what + ", phones sent " + sent);
    }
  }
}
