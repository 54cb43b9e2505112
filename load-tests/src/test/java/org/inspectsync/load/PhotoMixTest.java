package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The photo-mix run")
class PhotoMixTest {

  @Test
  @DisplayName("a few seconds of ingest alone and with photos: no errors, every photo stored, its findings complete")
  void fewSeconds() throws Exception {
    PhotoMixReport report = PhotoMix.run(PhotoMixSettings.tiny(), System.out);

    assertTrue(report.ok(), () -> String.join("\n", report.errors()));
    assertTrue(report.aloneRate() > 0);
    assertTrue(report.withPhotosRate() > 0);
    assertTrue(report.verification().photosSent() > 0, "no photo was sent");
    assertEquals(report.verification().photosSent(), report.verification().rightRows());
    assertEquals(report.verification().photosSent(), report.verification().rightFiles());
    assertTrue(report.verification().findingsComplete() > 0, "no finding had all its photos");
    assertTrue(report.count(PhotoUploads.Way.DUPLICATE) + report.count(PhotoUploads.Way.INTERRUPTED) > 0,
        "neither a duplicate nor a cut upload was made");
    assertTrue(report.findings().targets().stream().anyMatch(t -> t.name().equals("ingest with photos over alone")));
  }
}
