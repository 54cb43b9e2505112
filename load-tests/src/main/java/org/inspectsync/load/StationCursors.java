package org.inspectsync.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.inspectsync.protocol.Cursors;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.client.SyncClient;

/**
 * Where each station's phones stand after their last sync: one phone per station catches up with
 * the station from the empty cursor, and every phone of that station starts from the cursor it was
 * given. That is the cursor each of them would hold after pulling the same records (the register
 * and their assignments, whose positions all lie below it), at the cost of one catch-up per station
 * instead of one per phone.
 */
final class StationCursors {

  private static final int PAGE = 1000;
  private static final int THREADS = 4;

  private StationCursors() {
  }

  /** Station id to the cursor after a full catch-up, pulled by the station's first phone in {@code devices}. */
  static Map<UUID, String> catchUp(URI base, HttpClient http, List<Fleet.Device> devices, long deadlineNanos)
      throws Exception {
    Map<UUID, Fleet.Device> first = new ConcurrentHashMap<>();
    for (Fleet.Device device : devices) {
      first.putIfAbsent(device.inspector().stationId(), device);
    }
    List<Fleet.Device> pullers = List.copyOf(first.values());
    Map<UUID, String> cursors = new ConcurrentHashMap<>();
    Parallel.each(pullers.size(), THREADS, deadlineNanos, i -> {
      Fleet.Device device = pullers.get(i);
      cursors.put(device.inspector().stationId(), pullAll(device.client(base, http), Cursors.START));
    });
    return cursors;
  }

  /** Pulls from {@code cursor} until the server has nothing more; returns the last cursor. */
  static String pullAll(SyncClient client, String cursor) {
    PullResponse page;
    do {
      page = client.pull(cursor, PAGE);
      cursor = page.cursor();
    } while (page.hasMore());
    return cursor;
  }
}
