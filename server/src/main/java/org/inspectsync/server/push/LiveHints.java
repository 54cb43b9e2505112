package org.inspectsync.server.push;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.inspectsync.server.http.EventStream;
import org.inspectsync.server.identity.Actor;

/**
 * {@code GET /sync/live}: a server-sent event stream on which a phone with the app open hears
 * "sync now" at once, whether or not it has Google Play services. Each hint is an event
 * {@code sync} with an empty object as data. A comment line every 25 seconds keeps proxies from
 * closing the stream. The stream ends after {@code lifetime} so that the phone reconnects with a
 * fresh token (a revoked device is refused then); the {@code retry} field asks for a reconnect
 * after a random 5 to 15 seconds, so that a station's phones do not all come back at once.
 */
public final class LiveHints {

  /** The PostgreSQL channel on which committed changes name the devices to hint, one device per notification. */
  public static final String CHANNEL = "inspectsync_hints";
  /** Event-bus address prefix; a live stream listens on prefix + device id, on its own instance. */
  private static final String ADDRESS = "inspectsync.sync-hint.";

  private final Vertx vertx;
  private final Duration lifetime;

  public LiveHints(Vertx vertx, Duration lifetime) {
    this.vertx = vertx;
    this.lifetime = lifetime;
  }

  public void handle(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    EventStream stream = EventStream.open(vertx, ctx.response(), lifetime);
    MessageConsumer<String> hints = vertx.eventBus().localConsumer(ADDRESS + actor.deviceId(),
        message -> stream.write("event: sync\ndata: {}\n\n"));
    stream.onEnd(hints::unregister);
    hints.completion().onSuccess(registered -> stream.write("retry: "
        + ThreadLocalRandom.current().nextInt(5_000, 15_001) + "\nevent: ready\ndata: {}\n\n"));
  }

  /**
   * Listens on {@link #CHANNEL} through the instance's database subscriber and hands each
   * notification to this instance's streams of that device. Hints sent while the subscriber is
   * reconnecting are lost, which only delays those phones until they next sync by themselves.
   */
  public static void relay(Vertx vertx, PgSubscriber subscriber) {
    subscriber.channel(CHANNEL).handler(deviceId -> vertx.eventBus().publish(ADDRESS + deviceId, "sync"));
  }
}
