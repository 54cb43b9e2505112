package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The morning-pull load run")
class MorningPullTest {

  @Test
  @DisplayName("forty phones pull the day's plan on an open schedule: each gets exactly its assignments, every"
      + " receipt delivered")
  void tinyStorm() throws Exception {
    MorningSettings settings = MorningSettings.tiny();
    MorningReport report = MorningPull.run(settings, System.out);

    assertTrue(report.ok(), () -> String.join("\n", report.errors()));
    assertEquals(settings.devices(), report.results().size());
    assertEquals(report.planned().byInspector().values().stream().mapToLong(Set::size).sum(), report.rows(),
        "each phone pulled its planned assignments and nothing else");
    assertEquals(0, report.findings().errors());
  }
}
