package org.inspectsync.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;

/**
 * One inspector's phone through one day: log in, record the checks of the day's round offline
 * (each with its checklist, and for some a hazard finding or two and a rectification notice that
 * orders them fixed), push the queue in batches, then pull until the phone sees its own writes.
 * Everything random comes from the run's seed and the device number, so a day can be replayed.
 */
final class DeviceDay {

  /** How long a phone waits between pulls while an older transaction holds its writes back. */
  private static final long PULL_RETRY_MILLIS = 50;

  private static final String[] ITEM_CODES = {
      "licence_displayed", "health_certificates", "purchase_ledger", "supplier_qualifications",
      "origin_certificates", "labelling", "expiry_dates", "storage_temperature", "cold_chain", "pest_control",
      "waste_disposal", "tableware_disinfection", "food_additives", "scales_verified", "price_tags",
      "fire_extinguisher", "escape_routes", "electrical_wiring", "gas_safety", "raw_cooked_separation",
      "handwashing", "staff_uniforms", "sample_retention", "cleaning_records", "aquatic_product_source",
      "live_poultry", "meat_quarantine", "pesticide_residue_test", "complaints_board", "signage"
  };
  private static final String[] FINDING_CATEGORIES = {
      "food_safety", "hygiene", "licensing", "labelling", "weights_and_measures", "fire_safety", "other"
  };
  private static final String[] FAILURE_REMARKS = {
      "未建立进货台账", "水产品无法提供来源证明", "部分预包装食品超过保质期", "从业人员健康证过期",
      "冷藏柜温度高于8℃", "灭火器压力不足", "生熟食品未分开存放"
  };

  /** What one phone did. {@code failure} is null when the day ran to the end. */
  record Result(int mutations, int checks, int items, int findings, int notices, int findingUpdates,
      List<String> rejections, int pulledRows, int extraPulls, String failure) {

    static Result failed(String failure) {
      return new Result(0, 0, 0, 0, 0, 0, List.of(), 0, 0, failure);
    }
  }

  private DeviceDay() {
  }

  static Result run(URI server, HttpClient http, CityFixtures.Inspector inspector, Settings settings,
      Instant deadline) {
    Phone phone = new Phone(new SyncClient(server, http), "load-phone-" + inspector.username(),
        settings.batch(), 1000);
    phone.login(inspector.username(), CityFixtures.PASSWORD);
    // While still online, like an app in the morning: official numbers for the notices of the day.
    for (int leased = 0; leased < settings.checks(); leased += 100) {
      phone.leaseNoticeNumbers(Math.min(100, settings.checks() - leased), 2026);
    }

    Random random = new Random(settings.seed() * 1_000_003L + inspector.number());
    int mutations = 0;
    int items = 0;
    int findings = 0;
    int notices = 0;
    int findingUpdates = 0;
    List<UUID> checkIds = new ArrayList<>();
    OffsetDateTime clock = OffsetDateTime.of(2026, 11, 22, 8, 30, 0, 0, ZoneOffset.ofHours(8));
    for (int k = 0; k < settings.checks(); k++) {
      UUID entity = inspector.round().get(k % inspector.round().size());
      boolean hazards = random.nextInt(4) == 0;
      List<Map<String, Object>> checklist = checklist(settings.items(), hazards, random);
      Map<String, Object> check = new HashMap<>();
      check.put("entityId", entity.toString());
      check.put("assignmentId", inspector.assignmentId().toString());
      check.put("performedAt", clock.plusMinutes(25L * k).toString());
      check.put("latitude", 30.24 + random.nextDouble() * 0.06);
      check.put("longitude", 120.12 + random.nextDouble() * 0.08);
      check.put("outcome", hazards ? "hazards_found" : "passed");
      check.put("items", checklist);
      UUID checkId = phone.create(RecordType.CHECK, check);
      checkIds.add(checkId);
      mutations++;
      items += checklist.size();
      if (!hazards) {
        continue;
      }
      List<UUID> found = new ArrayList<>();
      for (int f = 1 + random.nextInt(2); f > 0; f--) {
        found.add(phone.create(RecordType.FINDING, Map.of(
            "checkId", checkId.toString(),
            "category", FINDING_CATEGORIES[random.nextInt(FINDING_CATEGORIES.length)],
            "severity", severity(random),
            "description", FAILURE_REMARKS[random.nextInt(FAILURE_REMARKS.length)])));
        mutations++;
        findings++;
      }
      if (random.nextBoolean()) {
        phone.create(RecordType.NOTICE, Map.of(
            "checkId", checkId.toString(),
            "noticeNumber", phone.nextNoticeNumber(),
            "requiredActions", "立即整改：" + FAILURE_REMARKS[random.nextInt(FAILURE_REMARKS.length)],
            "issuedOn", "2026-11-22",
            "deadlineDays", 3 + random.nextInt(12)));
        mutations++;
        notices++;
        // The notice orders the findings fixed: found -> ordered.
        for (UUID finding : found) {
          phone.update(RecordType.FINDING, finding, Map.of("status", "ordered"));
          mutations++;
          findingUpdates++;
        }
      }
    }

    phone.push();
    int pulled = phone.pull();
    int extraPulls = 0;
    // A transaction that began before ours and is still open holds our writes back; pull again.
    while (!phone.seesOwnWrites() && Instant.now().isBefore(deadline)) {
      sleep(PULL_RETRY_MILLIS);
      pulled += phone.pull();
      extraPulls++;
    }

    List<String> rejections = phone.rejections().stream()
        .map(r -> "seq " + r.seq() + " " + r.code() + " " + r.field() + ": " + r.message())
        .toList();
    String failure = null;
    if (phone.pending() > 0) {
      failure = phone.pending() + " mutations still queued after push";
    } else if (!phone.seesOwnWrites()) {
      failure = "own writes not visible by pull before the time limit";
    } else if (!phone.records(RecordType.CHECK).keySet().containsAll(checkIds)) {
      failure = "pull did not return every check this phone pushed";
    }
    return new Result(mutations, checkIds.size(), items, findings, notices, findingUpdates, rejections, pulled,
        extraPulls, failure);
  }

  private static List<Map<String, Object>> checklist(int count, boolean hazards, Random random) {
    List<Map<String, Object>> checklist = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String code = i < ITEM_CODES.length ? ITEM_CODES[i] : "item_" + (i + 1);
      int roll = random.nextInt(100);
      if (hazards && roll < 15) {
        checklist.add(Map.of("code", code, "result", "fail",
            "remark", FAILURE_REMARKS[random.nextInt(FAILURE_REMARKS.length)]));
      } else if (roll < 25) {
        checklist.add(Map.of("code", code, "result", "not_applicable"));
      } else {
        checklist.add(Map.of("code", code, "result", "pass"));
      }
    }
    return checklist;
  }

  private static String severity(Random random) {
    int roll = random.nextInt(100);
    return roll < 40 ? "low" : roll < 75 ? "medium" : roll < 95 ? "high" : "critical";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
