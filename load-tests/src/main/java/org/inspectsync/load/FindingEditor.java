package org.inspectsync.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;

/**
 * One phone's edits: a batch of updates of the {@code description} of hazard findings, pushed in
 * one request, each answer checked against what the conflict rules make of it. A sequential edit
 * (the phone's own finding, from its current version) must be applied with no conflict. A
 * concurrent edit (a field another phone has just changed, from the version before) must be
 * applied too, and name {@code description} in its {@code conflicts} exactly when its device id is
 * the smaller of the two, both officers being inspectors. Anything else is an error. Used by one
 * thread at a time.
 */
final class FindingEditor {

  /** Text that marks a concurrent edit's value, so that the conflicts table tells whose value lost. */
  static final String CONCURRENT_MARK = "现场另记";
  private static final String SEQUENTIAL_MARK = "复查";
  private static final List<String> LOST_DESCRIPTION = List.of("description");

  /** An update in a batch. */
  private record Edit(int finding, int baseVersion, boolean concurrent, boolean expectLost, boolean publish) {
  }

  /** What one push did. */
  record Outcome(int mutations, int concurrent, int reported, int expectedReported) {
  }

  private final int phone;
  private final EditingPhone device;
  private final FindingLedger ledger;
  private final List<String> errors;
  private final List<String> deviceIds;
  private final int batch;
  /** Shares carried from edit to edit, so that a workload's share is exact over a run, not per batch. */
  private double concurrentCredit;
  private double publishCredit;
  private long written;
  /** Over the whole run, warm-up and uncounted pushes included: what the conflicts table must hold. */
  private long concurrentEdits;
  private long reportedConflicts;
  private long expectedReported;

  FindingEditor(int phone, EditingPhone device, FindingLedger ledger, List<String> deviceIds, int batch,
      List<String> errors) {
    this.phone = phone;
    this.device = device;
    this.ledger = ledger;
    this.deviceIds = deviceIds;
    this.batch = batch;
    this.errors = errors;
  }

  /** Queues a batch in which {@code conflictPercent} of the updates are concurrent edits, pushes it, checks it. */
  Outcome pushBatch(int conflictPercent) {
    List<Edit> edits = plan(conflictPercent);
    for (Edit edit : edits) {
      String text = (edit.concurrent ? CONCURRENT_MARK : SEQUENTIAL_MARK) + " " + device.deviceId() + " #"
          + (++written);
      device.update(RecordType.FINDING, ledger.finding(edit.finding).id(), edit.baseVersion,
          Map.of("description", text));
    }
    List<MutationResult> results;
    try {
      results = device.pushBatch(batch);
    } catch (RuntimeException e) {
      errors.add("phone " + (phone + 1) + ": " + e);
      return new Outcome(0, 0, 0, 0);
    }
    return settle(edits, results);
  }

  private List<Edit> plan(int conflictPercent) {
    List<Edit> edits = new ArrayList<>(batch);
    Set<Integer> taken = new HashSet<>();
    for (int m = 0; m < batch; m++) {
      FindingLedger.FreshChange fresh = null;
      concurrentCredit += conflictPercent / 100.0;
      if (concurrentCredit >= 1) {
        concurrentCredit -= 1;
        fresh = ledger.takeFresh(phone);
      }
      if (fresh != null) {
        String owner = deviceIds.get(ledger.finding(fresh.finding()).owner());
        edits.add(new Edit(fresh.finding(), fresh.versionBefore(), true,
            deviceIds.get(phone).compareTo(owner) < 0, false));
        continue;
      }
      int f = ledger.nextOwn(phone, taken);
      taken.add(f);
      // Each concurrent edit needs one fresh change. Twice as many are offered as taken, so that the
      // stock seldom runs dry; the ledger bounds it.
      publishCredit += 2 * conflictPercent / (100.0 - conflictPercent);
      boolean publish = false;
      if (publishCredit >= 1) {
        publishCredit -= 1;
        publish = ledger.mayPublish(phone);
      }
      edits.add(new Edit(f, ledger.version(f), false, false, publish));
    }
    return edits;
  }

  private Outcome settle(List<Edit> edits, List<MutationResult> results) {
    if (results.size() != edits.size()) {
      errors.add("phone " + (phone + 1) + ": " + results.size() + " results for " + edits.size() + " mutations");
      return new Outcome(0, 0, 0, 0);
    }
    int concurrent = 0;
    int reported = 0;
    int expected = 0;
    for (int i = 0; i < edits.size(); i++) {
      Edit edit = edits.get(i);
      MutationResult result = results.get(i);
      List<String> conflicts = result.conflicts() == null ? List.of() : result.conflicts();
      reported += conflicts.size();
      if (!result.applied()) {
        errors.add("phone " + (phone + 1) + ": " + result.status() + " " + result.code() + " at " + result.field()
            + ": " + result.message());
      } else if (!conflicts.equals(edit.expectLost ? LOST_DESCRIPTION : List.of())) {
        errors.add("phone " + (phone + 1) + ": " + (edit.concurrent ? "concurrent" : "sequential") + " edit of "
            + ledger.finding(edit.finding).id() + " from version " + edit.baseVersion + " answered conflicts "
            + conflicts + ", expected " + (edit.expectLost ? LOST_DESCRIPTION : "none"));
      }
      ledger.written(edit.finding);
      if (edit.concurrent) {
        concurrent++;
        expected += edit.expectLost ? 1 : 0;
        ledger.release(edit.finding);
      } else if (edit.publish) {
        ledger.publish(edit.finding, edit.baseVersion);
      }
    }
    concurrentEdits += concurrent;
    reportedConflicts += reported;
    expectedReported += expected;
    return new Outcome(edits.size(), concurrent, reported, expected);
  }

  /** Concurrent edits this phone pushed and had answered, in the whole run. */
  long concurrentEdits() {
    return concurrentEdits;
  }

  /** Fields named in {@code conflicts} of this phone's push results, in the whole run. */
  long reportedConflicts() {
    return reportedConflicts;
  }

  /** Concurrent edits of this phone that had to lose, in the whole run. */
  long expectedReported() {
    return expectedReported;
  }
}
