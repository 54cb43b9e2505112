package org.inspectsync.load;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.SyncClient;

/**
 * One phone on the morning of a plan: it pulls once before the plan, so its cursor is current,
 * then, when its time comes, pulls the day's assignments. That pull must bring exactly the
 * assignments planned for its inspector, at their first version, and nothing else.
 */
final class MorningPhone {

  private static final int PAGE = 1000;

  /** One storm pull on {@link System#nanoTime}'s clock: due, sent, last page answered; changes and pages. */
  record Result(long dueNanos, long sentNanos, long answeredNanos, int rows, int pages) {
  }

  private final int device;
  private final SyncClient client;
  private String cursor;

  MorningPhone(int device, SyncClient client) {
    this.device = device;
    this.client = client;
  }

  /** The pull before the plan, from where the phone's last sync left it; returns the changes it brought. */
  int firstPull(String lastCursor) {
    cursor = lastCursor;
    int rows = 0;
    PullResponse page;
    do {
      page = client.pull(cursor, PAGE, 0);
      rows += page.changes().size();
      cursor = page.cursor();
    } while (page.hasMore());
    return rows;
  }

  /** The storm's pull, every page; differences from {@code expected} go to {@code errors}. */
  Result stormPull(long dueNanos, Set<UUID> expected, List<String> errors) {
    long sent = System.nanoTime();
    Set<UUID> received = new HashSet<>();
    int rows = 0;
    int pages = 0;
    PullResponse page;
    try {
      do {
        page = client.pull(cursor, PAGE, 0);
        pages++;
        for (Change change : page.changes()) {
          rows++;
          if (change.type() != RecordType.ASSIGNMENT || change.version() != 1 || !expected.contains(change.id())
              || !received.add(change.id())) {
            errors.add("device " + device + ": unexpected change " + change.type() + " " + change.id() + " v"
                + change.version());
          }
        }
        cursor = page.cursor();
      } while (page.hasMore());
    } catch (RuntimeException e) {
      errors.add("device " + device + ": pull failed: " + e);
      return null;
    }
    long answered = System.nanoTime();
    if (!received.containsAll(expected)) {
      errors.add("device " + device + ": " + (expected.size() - received.size()) + " planned assignments not pulled");
    }
    return new Result(dueNanos, sent, answered, rows, pages);
  }
}
