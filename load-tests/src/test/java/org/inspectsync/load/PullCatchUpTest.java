package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The pull run")
class PullCatchUpTest {

  @Test
  @DisplayName("cold phones catch up with a small station: every record once, every page measured")
  void fewSeconds() throws Exception {
    PullSettings settings = PullSettings.tiny();
    PullReport report = PullCatchUp.run(settings, System.out);

    assertTrue(report.ok(), () -> String.join("\n", report.errors()));
    assertEquals(settings.smallChanges(), report.small().changes());
    assertEquals(settings.changes(), report.large().changes());
    assertEquals((settings.changes() + settings.limit() - 1) / settings.limit(),
        report.large().pages().size(), "full pages only, the last one with hasMore false");
    assertEquals(settings.concurrentPhones(), report.together().phones());
    assertTrue(report.together().pagesPerSecond() > 0);
    assertTrue(report.large().heapPeak() >= report.large().heapBefore());
  }
}
