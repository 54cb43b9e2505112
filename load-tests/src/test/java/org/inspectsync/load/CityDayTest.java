package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The city-day load run")
class CityDayTest {

  @Test
  @DisplayName("two phones with two checks each sync without a rejection and the database holds what they sent")
  void tinyDay() throws Exception {
    Report report = CityDay.run(Settings.tiny(2, 2), System.out);

    assertTrue(report.ok(), () -> String.join("\n", report.errors()));
    assertEquals(2, report.devicesFinished());
    assertEquals(0, report.rejected());
    assertTrue(report.mutations() >= 4, "at least one check per phone and check");
    assertFalse(report.pushNanos().isEmpty());
    assertTrue(report.pulledRows() > 0);
  }
}
