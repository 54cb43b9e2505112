package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The conflicting-edits run")
class ConflictingEditsTest {

  @Test
  @DisplayName("a few seconds of both workloads: no errors, conflicts made, told to the losers and kept for review")
  void fewSeconds() throws Exception {
    ConflictReport report = ConflictingEdits.run(ConflictSettings.tiny(), System.out);

    assertTrue(report.ok(), () -> String.join("\n", report.errors()));
    assertTrue(report.conflictFreeRate() > 0);
    assertTrue(report.conflictingRate() > 0);
    assertEquals(0, ConflictReport.pooled(report.conflictFree()).concurrent(), "the conflict-free workload conflicts");
    assertTrue(ConflictReport.pooled(report.conflicting()).concurrent() > 0, "no concurrent edit was counted");
    assertTrue(report.reportedConflicts() > 0, "no push result named a lost value");
    assertEquals(report.concurrentEdits(), report.audit().keptFieldConflicts());
    assertEquals(report.reportedConflicts(), report.audit().lostByConcurrentEdits());
    assertTrue(report.audit().lostBySequentialEdits() > 0, "no concurrent edit ever won");
    assertTrue(report.findings().targets().stream().anyMatch(t -> t.name().equals("conflict rate ratio")));
  }
}
