package org.inspectsync.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one conflicting-edits run and its target. The run passed when nothing failed or
 * was rejected, every conflict-free edit was answered without conflicts, every concurrent edit
 * with exactly the conflict the rules give it, and the conflicts table and the findings' versions
 * hold what the phones did (each such check adds an error); the target is reported, not enforced.
 *
 * @param conflictFree the conflict-free workload's closed-loop rounds, in the order run
 * @param conflicting the conflicting workload's, alternating with them
 * @param conflictFreeOpen the conflict-free open-model phase, or null when left out
 * @param conflictingOpen the conflicting one, or null
 * @param concurrentEdits concurrent edits pushed in the whole run, warm-up included
 * @param reportedConflicts fields named in push results' {@code conflicts}, whole run
 * @param expectedReported concurrent edits whose device id is the smaller: they must lose
 */
record ConflictReport(ConflictSettings settings, String database, List<EditPhase> conflictFree,
    List<EditPhase> conflicting, EditPhase conflictFreeOpen, EditPhase conflictingOpen, long concurrentEdits,
    long reportedConflicts, long expectedReported, ConflictAudit audit, List<String> errors) {

  /** The target: the conflicting workload at this share of the conflict-free rate or more. */
  static final double TARGET_RATE_RATIO = 0.70;

  boolean ok() {
    return errors.isEmpty() && conflictFree.stream().noneMatch(p -> p.pushes().isEmpty())
        && conflicting.stream().noneMatch(p -> p.pushes().isEmpty())
        && (settings.conflictPercent() == 0 || concurrentEdits > 0);
  }

  double conflictFreeRate() {
    return median(conflictFree);
  }

  double conflictingRate() {
    return median(conflicting);
  }

  /** The conflicting workload's median rate over the conflict-free one's. */
  double rateRatio() {
    return conflictingRate() / conflictFreeRate();
  }

  /** Every round of a workload as one phase: its pushes, time and CPU together. */
  static EditPhase pooled(List<EditPhase> rounds) {
    List<EditPhase.TimedPush> pushes = new ArrayList<>();
    Duration elapsed = Duration.ZERO;
    long jvm = 0;
    long backend = 0;
    for (EditPhase round : rounds) {
      pushes.addAll(round.pushes());
      elapsed = elapsed.plus(round.elapsed());
      jvm += round.jvmCpuNanos();
      backend += round.backendCpuNanos();
    }
    return new EditPhase("all rounds", rounds.get(0).conflictPercent(), pushes, elapsed, jvm, backend);
  }

  Findings findings() {
    Findings f = new Findings("conflicts").fact("database", database).errors(errors.size());
    f.figure("conflictFreeMutationsPerSecond", conflictFreeRate(), "mutations/s",
        "conflict-free edits, closed loop, median of the rounds");
    f.figure("conflictingMutationsPerSecond", conflictingRate(), "mutations/s",
        settings.conflictPercent() + "% conflicting edits, closed loop, median of the rounds");
    f.figure("conflictRateRatio", rateRatio(), "ratio", "conflicting over conflict-free, medians");
    f.figure("concurrentEditPercent", pooled(conflicting).concurrentPercent(), "%",
        "share of the conflicting workload's counted mutations that were concurrent edits");
    for (String workload : List.of("conflictFree", "conflicting")) {
      EditPhase all = pooled(workload.equals("conflictFree") ? conflictFree : conflicting);
      for (int p : new int[] {50, 95, 99}) {
        f.figure(workload + "BatchP" + p + "Millis", all.latencyMillis(p), "ms",
            "per batch of " + settings.batch() + ", closed loop, all rounds");
      }
      f.figure(workload + "JvmCpuMicrosPerMutation", all.jvmMicrosPerMutation(), "us",
          "CPU in this JVM (server, phones, client) per mutation, closed loop");
      f.figure(workload + "BackendCpuMicrosPerMutation", all.backendMicrosPerMutation(), "us",
          "CPU in database backends per mutation, closed loop");
    }
    for (EditPhase open : new EditPhase[] {conflictFreeOpen, conflictingOpen}) {
      if (open != null) {
        String workload = open == conflictFreeOpen ? "conflictFree" : "conflicting";
        f.figure(workload + "OpenP99Millis", open.fromDueMillis(99), "ms",
            "from due time, open model at " + settings.openPercent() + "% of the closed-loop median");
      }
    }
    f.figure("concurrentEdits", concurrentEdits, "mutations", "concurrent edits pushed in the whole run");
    f.figure("conflictsReported", reportedConflicts, "conflicts", "named in push results");
    f.figure("conflictsKept", audit == null ? Double.NaN : audit.keptFieldConflicts(), "conflicts",
        "rows of the conflicts table");
    f.atLeast("conflict rate ratio", TARGET_RATE_RATIO, rateRatio(), "ratio");
    return f;
  }

  void print(PrintStream out) {
    ConflictSettings s = settings;
    out.printf(Locale.ROOT, "conflicting edits: %d phones (%d station(s)) each editing its own %d hazard findings,"
        + " batches of %d description updates, server pool %d connections; conflicting workload: %d%% of the"
        + " updates edit the field another phone has just changed, from the version before%n", s.phones(),
        s.city().stations(), s.findingsPerPhone(), s.batch(), s.poolSize(), s.conflictPercent());
    out.printf(Locale.ROOT, "database: %s%n", database);
    out.printf(Locale.ROOT, "closed loop, %.1f s counted after %.1f s settling, after %.1f s warm-up of each:%n",
        s.closed().toMillis() / 1000.0, s.settle().toMillis() / 1000.0, s.warmUp().toMillis() / 1000.0);
    for (int r = 0; r < conflictFree.size(); r++) {
      line(out, conflictFree.get(r));
      if (r < conflicting.size()) {
        line(out, conflicting.get(r));
      }
    }
    out.printf(Locale.ROOT, "medians: conflict-free %.0f mutations/s, conflicting %.0f mutations/s;"
        + " ratio %.2f%n", conflictFreeRate(), conflictingRate(), rateRatio());
    for (List<EditPhase> rounds : List.of(conflictFree, conflicting)) {
      EditPhase all = pooled(rounds);
      out.printf(Locale.ROOT, "%s, all rounds: per batch p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; CPU per mutation"
          + " %.1f us in this JVM, %.1f us in database backends%n", workload(all), all.latencyMillis(50),
          all.latencyMillis(95), all.latencyMillis(99), all.jvmMicrosPerMutation(), all.backendMicrosPerMutation());
    }
    for (EditPhase open : new EditPhase[] {conflictFreeOpen, conflictingOpen}) {
      if (open != null) {
        out.printf(Locale.ROOT, "%s, open model at %d%% of its median for %.1f s: %d batches, %.0f mutations/s"
            + " (%.1f%% concurrent); from due time p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n", workload(open),
            s.openPercent(), open.elapsed().toMillis() / 1000.0, open.pushes().size(), open.mutationsPerSecond(),
            open.concurrentPercent(), open.fromDueMillis(50), open.fromDueMillis(95), open.fromDueMillis(99));
      }
    }
    out.printf(Locale.ROOT, "conflicts, whole run: %d concurrent edits pushed; push results named %d lost values"
        + " (expected %d: the concurrent edits from the smaller device id)%n", concurrentEdits,
        reportedConflicts, expectedReported);
    if (audit != null) {
      out.printf(Locale.ROOT, "conflicts table: %d values kept for review (expected %d), %d of them a concurrent"
          + " edit's (expected %d), %d a sequential value it beat; %d of another kind or field; findings whose"
          + " version is not the phones' reckoning: %d%n", audit.keptFieldConflicts(), concurrentEdits,
          audit.lostByConcurrentEdits(), expectedReported, audit.lostBySequentialEdits(),
          audit.keptOtherConflicts(), audit.versionMismatches());
    }
    double ratio = rateRatio();
    out.printf(Locale.ROOT, "target: %d%% conflicting edits within %.0f%% of the conflict-free rate (ratio >= %.2f):"
        + " %s (%.2f)%n", s.conflictPercent(), 100 * (1 - TARGET_RATE_RATIO), TARGET_RATE_RATIO,
        ratio >= TARGET_RATE_RATIO ? "met" : "missed", ratio);
    Scenario.printEnd(out, errors, ok());
  }

  private static void line(PrintStream out, EditPhase phase) {
    out.printf(Locale.ROOT, "  %s: %.0f mutations/s (%d batches, %.1f%% concurrent, %d conflicts named);"
        + " per batch p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; CPU per mutation %.1f us JVM, %.1f us backends%n",
        phase.name(), phase.mutationsPerSecond(), phase.pushes().size(), phase.concurrentPercent(), phase.reported(),
        phase.latencyMillis(50), phase.latencyMillis(95), phase.latencyMillis(99), phase.jvmMicrosPerMutation(),
        phase.backendMicrosPerMutation());
  }

  private static String workload(EditPhase phase) {
    return phase.conflictPercent() == 0 ? "conflict-free" : "conflicting";
  }

  /** The median closed-loop rate of a workload's rounds, in mutations/s. */
  static double median(List<EditPhase> rounds) {
    List<Double> rates = new ArrayList<>();
    rounds.forEach(r -> rates.add(r.mutationsPerSecond()));
    rates.sort(null);
    int n = rates.size();
    return n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
  }
}
