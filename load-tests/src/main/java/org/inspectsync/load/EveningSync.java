package org.inspectsync.load;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.Cursors;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Outbox;
import org.inspectsync.protocol.client.SyncClient;

/**
 * One phone's evening sync: the day's work sits in its outbox (market checks of its round, each
 * with its checklist, and a hazard finding for one check in four), it pushes the whole outbox as one
 * batch, then pulls from the cursor of its last sync until it sees its own writes. Built with the
 * protocol's {@link Outbox} and {@link SyncClient}; the work is drawn from the run's seed and the
 * device number.
 */
final class EveningSync {

  private static final int PAGE = 1000;
  /** Pulls repeated while an older transaction holds the phone's own writes back (about 4 s in all). */
  private static final int CATCH_UP_ATTEMPTS = 20;
  private static final String[] ITEM_CODES = {
      "licence_displayed", "purchase_ledger", "expiry_dates", "storage_temperature", "raw_cooked_separation",
      "health_certificates", "labelling", "pest_control"
  };
  private static final String[] REMARKS = {"未建立进货台账", "部分预包装食品超过保质期", "冷藏柜温度高于8℃", "生熟食品未分开存放"};
  private static final String[] SEVERITIES = {"low", "medium", "medium", "high"};

  /**
   * What happened, on {@link System#nanoTime}'s clock: due, push sent, push answered, first pull
   * done (all pages), own writes seen. Counts are of what the phone sent and pulled.
   */
  record Result(long dueNanos, long sentNanos, long pushedNanos, long pulledNanos, long doneNanos, int mutations,
      int checks, int items, int findings, int pulledRows, int repeatedPulls) {
  }

  private final int device;
  private final SyncClient client;
  private final String cursor;
  private final Outbox outbox = new Outbox();
  private final List<UUID> checkIds = new ArrayList<>();
  private int items;
  private int findings;

  private EveningSync(int device, SyncClient client, String cursor) {
    this.device = device;
    this.client = client;
    this.cursor = cursor;
  }

  /** The phone of {@code inspector}, its day recorded offline, holding {@code cursor} from its last sync. */
  static EveningSync recorded(int device, CityFixtures.Inspector inspector, SyncClient client, String cursor,
      StormSettings settings) {
    EveningSync phone = new EveningSync(device, client, cursor);
    Random random = new Random(settings.seed() * 1_000_003L + device);
    OffsetDateTime clock = OffsetDateTime.of(2026, 11, 22, 9, 0, 0, 0, ZoneOffset.ofHours(8));
    for (int k = 0; k < settings.checks(); k++) {
      boolean hazard = random.nextInt(4) == 0;
      Map<String, Object> check = new HashMap<>();
      check.put("entityId", inspector.round().get(k % inspector.round().size()).toString());
      check.put("assignmentId", inspector.assignmentId().toString());
      check.put("performedAt", clock.plusMinutes(40L * k).toString());
      check.put("latitude", 30.24 + random.nextDouble() * 0.06);
      check.put("longitude", 120.12 + random.nextDouble() * 0.08);
      check.put("outcome", hazard ? "hazards_found" : "passed");
      check.put("items", phone.checklist(settings.items(), hazard, random));
      UUID checkId = phone.add(RecordType.CHECK, check, clock.plusMinutes(40L * k + 20));
      phone.checkIds.add(checkId);
      if (hazard) {
        phone.add(RecordType.FINDING, Map.of("checkId", checkId.toString(), "category", "food_safety",
            "severity", SEVERITIES[random.nextInt(SEVERITIES.length)],
            "description", REMARKS[random.nextInt(REMARKS.length)]), clock.plusMinutes(40L * k + 25));
        phone.findings++;
      }
    }
    return phone;
  }

  /** Pushes the outbox as one batch, then pulls; a failure or rejection goes to {@code errors}. */
  Result sync(long dueNanos, List<String> errors) {
    int mutations = outbox.size();
    long sent = System.nanoTime();
    PushResponse pushed;
    try {
      pushed = client.push(new PushRequest(outbox.nextBatch(mutations)), outbox.oldestAgeSeconds());
    } catch (RuntimeException e) {
      errors.add("device " + device + ": push failed: " + e);
      return null;
    }
    long pushedAt = System.nanoTime();
    for (MutationResult result : pushed.results()) {
      if (!result.applied()) {
        errors.add("device " + device + ": seq " + result.seq() + " " + result.status() + " " + result.code() + " "
            + result.field() + ": " + result.message());
      }
    }
    outbox.settledThrough(pushed.lastSeq());
    if (outbox.size() > 0) {
      errors.add("device " + device + ": " + outbox.size() + " mutations not settled by the push");
    }
    Set<UUID> pulledIds = new HashSet<>();
    int[] rows = new int[1];
    String at;
    long pulledAt;
    int repeats = 0;
    try {
      at = pullAll(cursor, pulledIds, rows);
      pulledAt = System.nanoTime();
      while (!Cursors.isAtOrPast(at, pushed.visibleAt()) && repeats < CATCH_UP_ATTEMPTS) {
        repeats++;
        pause(20L * repeats);
        at = pullAll(at, pulledIds, rows);
      }
    } catch (RuntimeException e) {
      errors.add("device " + device + ": pull failed: " + e);
      return null;
    }
    if (!Cursors.isAtOrPast(at, pushed.visibleAt())) {
      errors.add("device " + device + ": own writes not visible by pull after " + repeats + " repeated pulls");
    } else if (!pulledIds.containsAll(checkIds)) {
      errors.add("device " + device + ": pull did not return every check this phone pushed");
    }
    return new Result(dueNanos, sent, pushedAt, pulledAt, System.nanoTime(), mutations, checkIds.size(), items,
        findings, rows[0], repeats);
  }

  private String pullAll(String from, Set<UUID> ids, int[] rows) {
    PullResponse page;
    String at = from;
    do {
      page = client.pull(at, PAGE, 0);
      for (Change change : page.changes()) {
        ids.add(change.id());
      }
      rows[0] += page.changes().size();
      at = page.cursor();
    } while (page.hasMore());
    return at;
  }

  private UUID add(RecordType type, Map<String, Object> data, OffsetDateTime recordedAt) {
    UUID id = UUID.randomUUID();
    outbox.add(type, Operation.CREATE, id, null, recordedAt.toString(), data);
    return id;
  }

  private List<Map<String, Object>> checklist(int count, boolean hazard, Random random) {
    List<Map<String, Object>> checklist = new ArrayList<>(count);
    int failing = hazard ? random.nextInt(count) : -1;
    for (int i = 0; i < count; i++) {
      String code = i < ITEM_CODES.length ? ITEM_CODES[i] : "item_" + (i + 1);
      if (i == failing) {
        checklist.add(Map.of("code", code, "result", "fail", "remark", REMARKS[random.nextInt(REMARKS.length)]));
      } else {
        checklist.add(Map.of("code", code, "result", random.nextInt(5) == 0 ? "not_applicable" : "pass"));
      }
    }
    items += count;
    return checklist;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
