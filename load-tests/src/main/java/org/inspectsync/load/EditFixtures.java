package org.inspectsync.load;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;

/**
 * The findings the phones then edit, pushed by the phones themselves before anything is measured:
 * each phone records one check of the first business on its round that found hazards, and its
 * findings on that check. Every one must be applied; then each finding is at version 1.
 */
final class EditFixtures {

  private static final String[] CATEGORIES = {"food_safety", "hygiene", "licensing", "labelling"};
  private static final String[] SEVERITIES = {"low", "medium", "high", "critical"};

  private EditFixtures() {
  }

  /** Pushes every phone's check and findings at once and enters the findings in the ledger. */
  static void push(List<EditingPhone> phones, CityFixtures.City city, int findingsPerPhone, int batch,
      FindingLedger ledger, ExecutorService threads, long deadline) throws Exception {
    List<Future<List<UUID>>> running = new ArrayList<>();
    for (int p = 0; p < phones.size(); p++) {
      EditingPhone phone = phones.get(p);
      CityFixtures.Inspector inspector = city.inspectors().get(p);
      running.add(threads.submit(() -> record(phone, inspector, findingsPerPhone, batch)));
    }
    for (int p = 0; p < phones.size(); p++) {
      for (UUID finding : running.get(p).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        ledger.add(p, finding);
      }
    }
    ledger.seal();
  }

  private static List<UUID> record(EditingPhone phone, CityFixtures.Inspector inspector, int findings, int batch) {
    OffsetDateTime performed = OffsetDateTime.of(2026, 11, 22, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    UUID check = phone.create(RecordType.CHECK, Map.of("entityId", inspector.round().get(0).toString(),
        "performedAt", performed.toString(), "outcome", "hazards_found", "remarks", "复查前的检查 (load)"));
    List<UUID> ids = new ArrayList<>(findings);
    for (int k = 0; k < findings; k++) {
      ids.add(phone.create(RecordType.FINDING, Map.of("checkId", check.toString(),
          "category", CATEGORIES[k % CATEGORIES.length], "severity", SEVERITIES[k % SEVERITIES.length],
          "description", "初查 " + phone.deviceId() + " #" + k)));
    }
    while (phone.pending() > 0) {
      for (MutationResult result : phone.pushBatch(batch)) {
        if (!result.applied() || result.conflicts() != null) {
          throw new IllegalStateException("fixture of " + phone.deviceId() + " not applied cleanly: " + result);
        }
      }
    }
    return ids;
  }
}
