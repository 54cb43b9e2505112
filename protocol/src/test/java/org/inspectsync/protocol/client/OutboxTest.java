package org.inspectsync.protocol.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Mutation;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.RecordType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The outbox numbers mutations and lets go of them only when settled")
class OutboxTest {

  private static void add(Outbox outbox, int count) {
    for (int i = 0; i < count; i++) {
      outbox.add(RecordType.ENTITY, Operation.UPDATE, UUID.randomUUID(), 1, null, Map.of("name", "n" + i));
    }
  }

  @Test
  @DisplayName("numbers run 1, 2, 3 without gaps and batches come oldest first")
  void numbering() {
    Outbox outbox = new Outbox();
    add(outbox, 5);
    assertEquals(List.of(1L, 2L, 3L), outbox.nextBatch(3).stream().map(Mutation::seq).toList());
    assertEquals(5, outbox.nextBatch(10).size());
  }

  @Test
  @DisplayName("a batch stays queued until a reply settles it, so a lost reply means a resend")
  void settling() {
    Outbox outbox = new Outbox();
    add(outbox, 5);
    outbox.nextBatch(3);
    assertEquals(5, outbox.size(), "sending alone settles nothing");
    outbox.settledThrough(3);
    assertEquals(List.of(4L, 5L), outbox.nextBatch(10).stream().map(Mutation::seq).toList());
    outbox.settledThrough(2);
    assertEquals(2, outbox.size(), "an older reply arriving late changes nothing");
    add(outbox, 1);
    assertEquals(6L, outbox.nextBatch(10).get(2).seq());
  }
}
