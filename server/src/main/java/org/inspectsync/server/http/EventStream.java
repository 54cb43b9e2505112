package org.inspectsync.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server-sent event stream as this server keeps one: never compressed (a compressor per open
 * stream costs far more memory than small events save), a comment line every 25 seconds so that
 * proxies keep it open, and an end after {@code lifetime}, so that the client reconnects with a
 * fresh token. What was registered with {@link #onEnd} runs once, when the stream ends or the
 * client goes away.
 */
public final class EventStream {

  static final long KEEP_ALIVE_MS = 25_000;

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final long keepAlive;
  private final long end;
  private final List<Runnable> onEnd = new ArrayList<>();

  private EventStream(Vertx vertx, HttpServerResponse response, Duration lifetime) {
    this.vertx = vertx;
    this.response = response;
    this.keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, id -> response.write(": keep-alive\n\n"));
    this.end = vertx.setTimer(lifetime.toMillis(), id -> response.end());
    response.closeHandler(closed -> stop());
    response.endHandler(ended -> stop());
  }

  /** Starts the stream on {@code response}. */
  public static EventStream open(Vertx vertx, HttpServerResponse response, Duration lifetime) {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Encoding", "identity");
    return new EventStream(vertx, response, lifetime);
  }

  /** Writes {@code text}: one or more whole events, or a field such as {@code retry}. */
  public void write(String text) {
    response.write(text);
  }

  /**
   * Writes {@code text}, or, when the client has fallen so far behind that its write queue is
   * full, ends the stream instead, so that a slow reader never holds memory.
   */
  public void writeOrCutOff(String text) {
    if (response.writeQueueFull()) {
      response.end();
    } else {
      response.write(text);
    }
  }

  /** Runs {@code task} once the stream has ended. Call it before the handler returns. */
  public void onEnd(Runnable task) {
    onEnd.add(task);
  }

  private void stop() {
    if (vertx.cancelTimer(keepAlive)) {
      vertx.cancelTimer(end);
      onEnd.forEach(Runnable::run);
    }
  }
}
