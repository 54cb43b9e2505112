package org.inspectsync.server.push;

import io.vertx.core.Future;
import java.util.List;

/**
 * A way to wake a phone so that it syncs now. What is sent is only a hint with no data in it: the
 * phone pulls what changed over its own authenticated connection. Behind an interface so that the
 * dispatcher's coalescing and retry rules do not depend on FCM, and so that a server without push
 * credentials runs with {@link #off()}.
 */
public interface PushChannel {

  /** What became of the hint sent to one token. */
  enum Outcome {
    /** The push service accepted the message. */
    SENT,
    /** The token no longer reaches an app (uninstalled, or registered to another sender): drop it. */
    UNREGISTERED,
    /** A passing fault (quota, service unavailable or internal, or no answer at all): try again later. */
    RETRY,
    /** Refused for good (a malformed token, the server's credentials): retrying would not help. */
    FAILED
  }

  /** A short name for logs, such as {@code fcm}. */
  String name();

  /**
   * Sends one "sync now" hint to each token.
   *
   * @return one outcome per token, in the order of {@code tokens}; the future fails only if the
   *     channel itself broke, which a caller should treat as {@link Outcome#RETRY} for every token
   */
  Future<List<Outcome>> send(List<String> tokens);

  /**
   * The channel of a server that has no push credentials. The dispatcher never sends through it (a
   * hint is dropped at once, and phones sync on their own schedule); if anything else does, every
   * token comes back {@link Outcome#FAILED}.
   */
  static PushChannel off() {
    return NoPush.INSTANCE;
  }
}
