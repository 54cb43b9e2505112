package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The live-tallies load run")
class LiveTalliesTest {

  @Test
  @DisplayName("twenty screens show each of ten pushes, with the right counts, and the run measures the delays and"
      + " the heap")
  void tinyRun() throws Exception {
    LiveReport report = LiveTallies.run(LiveSettings.tiny(20, 10), System.out);

    assertTrue(report.ok(), () -> String.join("\n", report.errors()));
    assertEquals(20, report.screensOpened());
    assertEquals(10, report.pushes());
    assertEquals(report.expectedDeliveries(), report.delays().length, "every screen showed every push of its unit");
    assertTrue(report.delayMillis(100) < 10_000, "every push shown within seconds");
    assertTrue(report.idle().heapBytes() > 0 && report.watching().heapBytes() > 0);
  }
}
