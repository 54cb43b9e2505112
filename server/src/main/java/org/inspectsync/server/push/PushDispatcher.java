package org.inspectsync.server.push;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.inspectsync.server.push.PushChannel.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rest of the server calls to wake a phone. A change often comes in a burst (twenty
 * assignments handed out at once), so hints are held for a short window and each device hinted in it
 * gets one message; the window's messages go through the channel together. A passing failure is
 * retried with exponential backoff and jitter, so that a station's phones do not all come back to an
 * overloaded FCM at the same moment; after the last attempt the hint is given up, which costs only
 * time, since phones also sync on their own.
 *
 * <p>All state lives on one Vert.x context and is touched only there: {@link #hint} may be called
 * from any thread, and nothing here blocks or starts a thread; waiting is done with timers.
 */
public final class PushDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);

  /** Hears what became of each device's hint; called on the dispatcher's context, so it must not block. */
  public interface Listener {

    /** The push service accepted the hint for the device. */
    void sent(String deviceId);

    /** The device's token is dead: forget it until the phone registers a new one. */
    void unregistered(String deviceId, String token);

    /** The hint was not delivered and will not be tried again. */
    void gaveUp(String deviceId, String reason);
  }

  /**
   * How the dispatcher waits.
   *
   * @param window how long hints are collected before they are sent, so a burst gives one message
   * @param retryBase the wait before the second attempt; it doubles for each attempt after that, plus
   *     up to half again at random
   * @param maxAttempts the most times one hint is sent, the first one included; at most 20, past
   *     which the waits would run to days
   */
  public record Options(Duration window, Duration retryBase, int maxAttempts) {

    public Options {
      if (window.toMillis() < 1 || retryBase.toMillis() < 1 || maxAttempts < 1 || maxAttempts > 20) {
        throw new IllegalArgumentException("window and retryBase of at least 1 ms, and 1 to 20 attempts");
      }
    }

    public static Options defaults() {
      return new Options(Duration.ofMillis(250), Duration.ofSeconds(1), 5);
    }
  }

  /** A device's hint, on its {@code attempt}-th sending. */
  private record Pending(String deviceId, String token, int attempt) {

    Pending again() {
      return new Pending(deviceId, token, attempt + 1);
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final PushChannel channel;
  private final Listener listener;
  private final Options options;

  /** The current window's hints, one per device: a later hint's token replaces an earlier one's. */
  private final Map<String, String> window = new LinkedHashMap<>();
  /** Hints taken and not yet settled: in a window, being sent, or waiting for a retry. */
  private int unsettled;
  private final List<Promise<Void>> drains = new ArrayList<>();

  /** Works on the caller's Vert.x context, or on a new event-loop context if called off Vert.x. */
  public PushDispatcher(Vertx vertx, PushChannel channel, Listener listener, Options options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.channel = channel;
    this.listener = listener;
    this.options = options;
  }

  /** The name of the channel hints go through, {@code off} when push is off. */
  public String channel() {
    return channel.name();
  }

  /**
   * Asks for a "sync now" to reach the device. A server with push off drops the hint.
   *
   * @throws IllegalArgumentException without a token: it would fail the whole batch it went out in
   */
  public void hint(String deviceId, String token) {
    if (deviceId == null || token == null || token.isEmpty()) {
      throw new IllegalArgumentException("a hint needs a device and its token");
    }
    if (channel instanceof NoPush) {
      return;
    }
    context.runOnContext(v -> collect(deviceId, token));
  }

  /**
   * Completes once no hint is left: each one taken has been sent or given up. For tests, and for an
   * orderly shutdown once nothing hints any more. Retries are waited for, so this can take as long as
   * the whole backoff.
   */
  public Future<Void> drain() {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(v -> {
      drains.add(drained);
      settleIfIdle();
    });
    return drained.future();
  }

  private void collect(String deviceId, String token) {
    if (window.isEmpty()) {
      vertx.setTimer(options.window().toMillis(), id -> closeWindow());
    }
    if (window.put(deviceId, token) == null) {
      unsettled++;
    }
  }

  private void closeWindow() {
    List<Pending> batch = new ArrayList<>();
    window.forEach((deviceId, token) -> batch.add(new Pending(deviceId, token, 1)));
    window.clear();
    send(batch);
  }

  private void send(List<Pending> batch) {
    sendThrough(batch)
        .otherwise(failure -> {
          LOG.warn("push channel {} failed; will retry", channel.name(), failure);
          return batch.stream().map(pending -> Outcome.RETRY).toList();
        })
        .onSuccess(outcomes -> context.runOnContext(v -> settle(batch, outcomes)));
  }

  /** The channel's outcomes, or a failed future if it broke its promise of one outcome per token. */
  private Future<List<Outcome>> sendThrough(List<Pending> batch) {
    try {
      return channel.send(batch.stream().map(Pending::token).toList()).map(outcomes -> {
        if (outcomes.size() != batch.size()) {
          throw new IllegalStateException(outcomes.size() + " outcomes for " + batch.size() + " tokens");
        }
        return outcomes;
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void settle(List<Pending> batch, List<Outcome> outcomes) {
    List<Pending> retries = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Pending pending = batch.get(i);
      switch (outcomes.get(i)) {
        case SENT -> tell(() -> listener.sent(pending.deviceId()));
        case UNREGISTERED -> tell(() -> listener.unregistered(pending.deviceId(), pending.token()));
        case FAILED -> tell(() -> listener.gaveUp(pending.deviceId(), "refused by " + channel.name()));
        case RETRY -> {
          if (pending.attempt() < options.maxAttempts()) {
            retries.add(pending.again());
            continue;
          }
          tell(() -> listener.gaveUp(pending.deviceId(),
              "not delivered after " + pending.attempt() + " attempts"));
        }
      }
      unsettled--;
    }
    if (!retries.isEmpty()) {
      vertx.setTimer(backoff(retries.get(0).attempt()), id -> send(retries));
    }
    settleIfIdle();
  }

  /** The wait before the {@code attempt}-th sending. */
  private long backoff(int attempt) {
    long wait = options.retryBase().toMillis() << (attempt - 2);
    return wait + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
  }

  /** A listener that throws must not leave the hints after it unsettled. */
  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("push listener failed", e);
    }
  }

  private void settleIfIdle() {
    if (unsettled == 0) {
      drains.forEach(Promise::complete);
      drains.clear();
    }
  }
}
