package org.inspectsync.server.push;

import java.util.List;

/**
 * Tells devices "sync now" after their assignments changed. A hint carries no data; the phone
 * pulls. It is only ever a hint: phones also poll, so a lost one delays, never loses.
 *
 * <p>There are two ways. The transaction that changes assignments names each device concerned on
 * PostgreSQL's {@link LiveHints#CHANNEL} (see {@code Receipts.sent}), so that on commit, and only
 * then, every server instance tells the phones that hold a live stream to it. After the commit, the
 * instance that made the change sends the push here, once, through FCM.
 */
public final class Hints {

  private final PushDispatcher push;

  /** @param push sends through FCM; null (tests of routing only) sends nothing */
  public Hints(PushDispatcher push) {
    this.push = push;
  }

  /** The push channel in use, {@code "off"} without one. */
  public String channel() {
    return push == null ? "off" : push.channel();
  }

  /** Pushes to each recipient with a token; called after the transaction that changed their assignments committed. */
  public void send(List<Recipient> recipients) {
    if (push == null) {
      return;
    }
    for (Recipient recipient : recipients) {
      if (recipient.pushToken() != null) {
        push.hint(recipient.deviceId(), recipient.pushToken());
      }
    }
  }
}
