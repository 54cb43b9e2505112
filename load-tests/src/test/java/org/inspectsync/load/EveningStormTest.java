package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The evening-storm load run")
class EveningStormTest {

  @Test
  @DisplayName("forty phones sync on an open schedule: nothing rejected, each sees its own writes, the database holds"
      + " what they sent")
  void tinyStorm() throws Exception {
    StormSettings settings = StormSettings.tiny();
    StormReport report = EveningStorm.run(settings, System.out);

    assertTrue(report.ok(), () -> String.join("\n", report.errors()));
    assertEquals(settings.devices(), report.results().size());
    assertTrue(report.mutations() >= (long) settings.devices() * settings.checks(), "every check pushed");
    assertTrue(report.pulledRows() >= report.mutations(), "each phone pulls at least its own writes");
    assertEquals(0, report.findings().errors());
  }
}
