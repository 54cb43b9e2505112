package org.inspectsync.protocol.client;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.Cursors;
import org.inspectsync.protocol.Mutation;
import org.inspectsync.protocol.NoticeNumberBlock;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.protocol.RecordType;

/**
 * A reference phone: an outbox of numbered mutations, a local copy of the pulled records, and
 * the push-then-pull loop. Tests and load tests use it exactly as an app would.
 */
public final class Phone {

  /** Pulls tried after a push while waiting to see the push's own writes (about 4 s in all). */
  private static final int CATCH_UP_ATTEMPTS = 20;

  private final SyncClient client;
  private final String deviceId;
  private final int batchSize;
  private final int pageSize;
  private final Outbox outbox = new Outbox();
  private final Map<RecordType, Map<UUID, Change>> records = new EnumMap<>(RecordType.class);
  private final List<MutationResult> rejections = Collections.synchronizedList(new ArrayList<>());
  private final Deque<String> noticeNumbers = new ArrayDeque<>();
  private String cursor = Cursors.START;
  private String visibleAt = Cursors.START;

  public Phone(SyncClient client, String deviceId, int batchSize, int pageSize) {
    this.client = client;
    this.deviceId = deviceId;
    this.batchSize = batchSize;
    this.pageSize = pageSize;
    for (RecordType type : RecordType.values()) {
      records.put(type, new ConcurrentHashMap<>());
    }
  }

  public Phone(SyncClient client, String deviceId) {
    this(client, deviceId, 64, 1000);
  }

  public void login(String username, String password) {
    client.login(username, password, deviceId);
  }

  /** Leases official notice numbers while online, to issue notices offline later. */
  public void leaseNoticeNumbers(int size, int year) {
    NoticeNumberBlock block = client.leaseNoticeNumbers(size, year);
    int first = Integer.parseInt(block.first().substring(5));
    int last = Integer.parseInt(block.last().substring(5));
    for (int seq = first; seq <= last; seq++) {
      noticeNumbers.addLast(String.format("%04d-%05d", block.year(), seq));
    }
  }

  /** The next unused leased notice number, or null when none is left. */
  public String nextNoticeNumber() {
    return noticeNumbers.pollFirst();
  }

  public UUID create(RecordType type, Map<String, Object> data) {
    UUID id = UUID.randomUUID();
    outbox.add(type, Operation.CREATE, id, null, now(), data);
    return id;
  }

  /** Queues an update of the changed fields, based on the version of the record this phone last pulled. */
  public void update(RecordType type, UUID id, Map<String, Object> changedFields) {
    outbox.add(type, Operation.UPDATE, id, baseVersion(type, id), now(), changedFields);
  }

  public void delete(RecordType type, UUID id) {
    outbox.add(type, Operation.DELETE, id, baseVersion(type, id), now(), null);
  }

  /** The version this phone last pulled, or 1 for a record it created and has not pulled since. */
  private int baseVersion(RecordType type, UUID id) {
    Change pulled = records.get(type).get(id);
    return pulled == null ? 1 : pulled.version();
  }

  private static String now() {
    return OffsetDateTime.now().toString();
  }

  /**
   * Pushes everything queued, then pulls until the local copy includes this phone's own writes.
   * Those can lag a moment behind the push reply while an older transaction elsewhere is still
   * running; the wait is bounded, and the next sync catches up in any case. Returns the number of
   * changes pulled.
   */
  public int sync() {
    push();
    int pulled = pull();
    for (int attempt = 1; !Cursors.isAtOrPast(cursor, visibleAt) && attempt <= CATCH_UP_ATTEMPTS; attempt++) {
      pause(Duration.ofMillis(20L * attempt));
      pulled += pull();
    }
    return pulled;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends the queue in batches until it is empty. */
  public void push() {
    for (List<Mutation> batch = outbox.nextBatch(batchSize); !batch.isEmpty(); batch = outbox.nextBatch(batchSize)) {
      PushResponse response = client.push(new PushRequest(batch), outbox.oldestAgeSeconds());
      for (MutationResult result : response.results()) {
        if (!result.applied()) {
          rejections.add(result);
        }
      }
      outbox.settledThrough(response.lastSeq());
      visibleAt = response.visibleAt();
    }
  }

  /** Pulls pages until the server has nothing more. Returns the number of changes pulled. */
  public int pull() {
    int pulled = 0;
    PullResponse page;
    do {
      page = client.pull(cursor, pageSize, outbox.oldestAgeSeconds());
      if (page.purge()) {
        // The officer moved: the old unit's records go; the outbox stays, it was pushed already.
        records.values().forEach(Map::clear);
      }
      for (Change change : page.changes()) {
        Map<UUID, Change> ofType = records.get(change.type());
        if (change.deleted()) {
          ofType.remove(change.id());
        } else {
          ofType.put(change.id(), change);
        }
      }
      pulled += page.changes().size();
      cursor = page.cursor();
    } while (page.hasMore());
    return pulled;
  }

  /** True once the local copy includes every write this phone has pushed. */
  public boolean seesOwnWrites() {
    return outbox.size() == 0 && Cursors.isAtOrPast(cursor, visibleAt);
  }

  public Map<UUID, Change> records(RecordType type) {
    return records.get(type);
  }

  public List<MutationResult> rejections() {
    return rejections;
  }

  public int pending() {
    return outbox.size();
  }

  public String cursor() {
    return cursor;
  }

  public String deviceId() {
    return deviceId;
  }

  public SyncClient client() {
    return client;
  }
}
