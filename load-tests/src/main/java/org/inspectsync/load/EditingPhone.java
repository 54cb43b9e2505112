package org.inspectsync.load;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Mutation;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Outbox;
import org.inspectsync.protocol.client.SyncClient;

/**
 * A phone that pushes what it is given and hands back the server's answer, mutation by mutation.
 * The reference {@code Phone} takes the base version from its pulled copy and keeps only the
 * rejections; this one is told the base version, as the scenario knows it, and returns every
 * result, so that the {@code conflicts} each update got can be checked.
 */
final class EditingPhone {

  private final SyncClient client;
  private final String deviceId;
  private final Outbox outbox = new Outbox();

  EditingPhone(SyncClient client, String deviceId) {
    this.client = client;
    this.deviceId = deviceId;
  }

  void login(String username, String password) {
    client.login(username, password, deviceId);
  }

  String deviceId() {
    return deviceId;
  }

  UUID create(RecordType type, Map<String, Object> data) {
    UUID id = UUID.randomUUID();
    outbox.add(type, Operation.CREATE, id, null, OffsetDateTime.now().toString(), data);
    return id;
  }

  void update(RecordType type, UUID id, int baseVersion, Map<String, Object> changedFields) {
    outbox.add(type, Operation.UPDATE, id, baseVersion, OffsetDateTime.now().toString(), changedFields);
  }

  int pending() {
    return outbox.size();
  }

  /**
   * Pushes up to {@code max} of the oldest queued mutations in one request and returns their
   * results, in order. The queue keeps what the reply does not settle.
   */
  List<MutationResult> pushBatch(int max) {
    List<Mutation> batch = outbox.nextBatch(max);
    if (batch.isEmpty()) {
      return List.of();
    }
    PushResponse response = client.push(new PushRequest(batch), outbox.oldestAgeSeconds());
    outbox.settledThrough(response.lastSeq());
    return response.results();
  }
}
