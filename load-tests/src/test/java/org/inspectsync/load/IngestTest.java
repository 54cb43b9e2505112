package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The ingest run")
class IngestTest {

  @Test
  @DisplayName("a few seconds of pushes and ceilings: nothing rejected, every phase measured, the database holds what was pushed")
  void fewSeconds() throws Exception {
    IngestReport report = Ingest.run(IngestSettings.tiny(), System.out);

    assertTrue(report.ok(), () -> String.join("\n", report.errors()));
    assertTrue(report.closed().mutationsPerSecond() > 0);
    assertTrue(report.open().pushes().size() >= 1);
    assertEquals(0, report.pushedChecks() % 64, "whole batches only");
    assertTrue(report.rawInsert().rowsPerSecond() > 0);
    assertTrue(report.bareInsert().rowsPerSecond() > 0);
    assertTrue(report.driver().transactionsPerSecond() > 0);
    assertTrue(report.shareOfRawInsert() > 0);
  }
}
