package org.inspectsync.server.push;

import io.vertx.core.Vertx;
import java.util.List;

/**
 * Tells devices "sync now" after their assignments changed: over the live connection of a phone
 * with the app open ({@link LiveHints}), and through the push channel for the rest. A hint carries
 * no data; the phone pulls. It is only ever a hint: phones also poll, so a lost one delays, never loses.
 */
public final class Hints {

  /** Event-bus address prefix; a live connection listens on prefix + device id. */
  static final String ADDRESS = "inspectsync.sync-hint.";

  private final Vertx vertx;
  private final PushDispatcher push;

  /** @param push sends through FCM; null when push is off */
  public Hints(Vertx vertx, PushDispatcher push) {
    this.vertx = vertx;
    this.push = push;
  }

  /** The push channel in use, {@code "off"} without one. */
  public String channel() {
    return push == null ? "off" : push.channel();
  }

  /** Hints each recipient; called after the transaction that changed their assignments committed. */
  public void send(List<Recipient> recipients) {
    for (Recipient recipient : recipients) {
      vertx.eventBus().publish(ADDRESS + recipient.deviceId(), "sync");
      if (push != null && recipient.pushToken() != null) {
        push.hint(recipient.deviceId(), recipient.pushToken());
      }
    }
  }
}
