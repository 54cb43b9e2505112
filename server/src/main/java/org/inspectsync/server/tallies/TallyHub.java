package org.inspectsync.server.tallies;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this server instance's live tally streams up to date. Every write that moves a tally names
 * its station on PostgreSQL's {@link #CHANNEL} (triggers of {@code V14__tally_counts.sql}); each
 * instance listens, so streams on every instance follow writes made on any of them.
 *
 * <p>For each unit and day someone watches, the hub computes the tallies once and sends the same
 * encoded event to all its streams: a stream that joins gets the last full {@code snapshot} (the
 * first one is computed for it), then every stream gets an {@code update} with the totals and the
 * stations (and their inspectors) that changed. A burst of writes is gathered for
 * {@link #TICK} before it is computed. Values are absolute, never increments, so a lost or repeated
 * event cannot make a count wrong: the next one carries the right figure. Figures that move with
 * the clock (overdue, quiet phones) are recomputed every {@link #CLOCK_REFRESH} as well.
 *
 * <p>All state is touched on one Vert.x context; streams hear the hub on the event bus.
 */
public final class TallyHub {

  public static final String CHANNEL = "inspectsync_tallies";
  static final Duration TICK = Duration.ofMillis(200);
  static final Duration CLOCK_REFRESH = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(TallyHub.class);

  /** What a stream watches. */
  public record Key(UUID unitId, LocalDate day) {
  }

  /** One watched unit and day: its streams, its stations, and what changed since it was last sent. */
  private static final class Watch {
    final TallySnapshot.Unit unit;
    /** The event-bus address of each stream watching. */
    final Set<String> streams = new HashSet<>();
    /** The last figures computed, as a ready {@code snapshot} event for streams that join. */
    String lastSnapshot;
    /** Null until first computed: until then every change may concern it. */
    Set<UUID> stations;
    final Set<UUID> changed = new HashSet<>();
    boolean full = true;
    boolean computing;

    Watch(TallySnapshot.Unit unit) {
      this.unit = unit;
    }

    boolean due() {
      return full || !changed.isEmpty();
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Duration quietAfter;
  private final Context context;
  private final Map<Key, Watch> watches = new HashMap<>();
  private boolean ticking;

  public TallyHub(Vertx vertx, Pool pool, Duration quietAfter) {
    this.vertx = vertx;
    this.pool = pool;
    this.quietAfter = quietAfter;
    this.context = vertx.getOrCreateContext();
    vertx.setPeriodic(CLOCK_REFRESH.toMillis(), timer -> context.runOnContext(v -> {
      watches.values().forEach(watch -> {
        if (watch.stations != null) {
          watch.changed.addAll(watch.stations);
        }
      });
      tick();
    }));
  }

  /** Listens on {@link #CHANNEL} through the instance's database subscriber. */
  public void listen(PgSubscriber subscriber) {
    subscriber.channel(CHANNEL).handler(station -> changed(UUID.fromString(station)));
  }

  /**
   * A stream of {@code unit} on {@code key.day()}, listening on {@code address}, starts: it gets
   * the last snapshot at once, or the first one when it is computed.
   */
  void join(Key key, TallySnapshot.Unit unit, String address) {
    context.runOnContext(v -> {
      Watch watch = watches.computeIfAbsent(key, k -> new Watch(unit));
      watch.streams.add(address);
      if (watch.lastSnapshot != null) {
        vertx.eventBus().send(address, watch.lastSnapshot);
      }
      tick();
    });
  }

  void leave(Key key, String address) {
    context.runOnContext(v -> {
      Watch watch = watches.get(key);
      if (watch != null && watch.streams.remove(address) && watch.streams.isEmpty()) {
        watches.remove(key);
      }
    });
  }

  /** A write committed in {@code station}. */
  void changed(UUID station) {
    context.runOnContext(v -> {
      for (Watch watch : watches.values()) {
        if (watch.stations == null || watch.stations.contains(station)) {
          watch.changed.add(station);
        }
      }
      tick();
    });
  }

  private void tick() {
    if (!ticking) {
      ticking = true;
      vertx.setTimer(TICK.toMillis(), timer -> context.runOnContext(v -> {
        ticking = false;
        watches.forEach(this::send);
      }));
    }
  }

  /** Computes and publishes one watch; one computation at a time each, so events leave in order. */
  private void send(Key key, Watch watch) {
    if (watch.computing || !watch.due()) {
      return;
    }
    boolean full = watch.full;
    Set<UUID> changed = new HashSet<>(watch.changed);
    watch.full = false;
    watch.changed.clear();
    watch.computing = true;
    TallySnapshot.of(pool, watch.unit, key.day(), quietAfter).onComplete(result -> context.runOnContext(v -> {
      watch.computing = false;
      if (result.failed()) {
        LOG.warn("tallies of {} could not be computed; trying again", key, result.cause());
        watch.full |= full;
        watch.changed.addAll(changed);
      } else {
        JsonObject tallies = result.result();
        watch.stations = stationsOf(tallies);
        // Encoded once for every stream: a string crosses the event bus without being copied.
        watch.lastSnapshot = event("snapshot", tallies);
        String event = full ? watch.lastSnapshot : event("update", onlyChanged(tallies, changed));
        watch.streams.forEach(address -> vertx.eventBus().send(address, event));
      }
      if (watch.due()) {
        tick();
      }
    }));
  }

  private static String event(String name, JsonObject data) {
    return "event: " + name + "\ndata: " + data.encode() + "\n\n";
  }

  private static Set<UUID> stationsOf(JsonObject tallies) {
    Set<UUID> stations = new HashSet<>();
    tallies.getJsonArray("stations").forEach(s -> stations.add(UUID.fromString(((JsonObject) s).getString("stationId"))));
    return stations;
  }

  /** The update: totals and lists whole, stations and inspectors only where something changed. */
  static JsonObject onlyChanged(JsonObject tallies, Set<UUID> changed) {
    JsonObject update = tallies.copy();
    update.put("stations", filter(tallies.getJsonArray("stations"), changed));
    update.put("inspectors", filter(tallies.getJsonArray("inspectors"), changed));
    return update;
  }

  private static JsonArray filter(JsonArray entries, Set<UUID> stations) {
    JsonArray kept = new JsonArray();
    entries.forEach(entry -> {
      if (stations.contains(UUID.fromString(((JsonObject) entry).getString("stationId")))) {
        kept.add(entry);
      }
    });
    return kept;
  }
}
