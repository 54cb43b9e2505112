package org.inspectsync.server.push;

import static org.inspectsync.server.push.PushChannel.Outcome.FAILED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.inspectsync.server.support.FakeFcm;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PushDispatcher coalesces hints, retries passing failures and reports each device's fate")
class PushDispatcherTest {

  /** A window long enough to hold a test's hints, and retries that take milliseconds. */
  private static final PushDispatcher.Options FAST =
      new PushDispatcher.Options(Duration.ofMillis(100), Duration.ofMillis(5), 5);

  private static Vertx vertx;
  private static FakeFcm fcm;
  private static FcmChannel fcmChannel;

  private Batches channel;
  private Recorder listener;
  private PushDispatcher dispatcher;

  @BeforeAll
  static void start() {
    vertx = TestServer.strictVertx();
    fcm = FakeFcm.start(vertx);
    fcmChannel = fcm.channel(vertx);
  }

  @AfterAll
  static void stop() {
    fcmChannel.close();
    fcm.close();
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    fcm.reset();
    channel = new Batches(fcmChannel);
    listener = new Recorder();
    dispatcher = new PushDispatcher(vertx, channel, listener, FAST);
  }

  private void drain() throws Exception {
    dispatcher.drain().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a device hinted five times in one window, from different event loops, gets one message")
  void coalesced() throws Exception {
    fromEventLoops(5, () -> dispatcher.hint("d1", "t1"));
    drain();

    assertEquals(List.of(200), fcm.answers("t1"));
    assertEquals(List.of("sent d1"), listener.events);
  }

  @Test
  @DisplayName("the latest token a device was hinted with is the one used")
  void latestToken() throws Exception {
    dispatcher.hint("d1", "t1-old");
    dispatcher.hint("d1", "t1-new");
    drain();

    assertEquals(List.of(), fcm.answers("t1-old"));
    assertEquals(List.of(200), fcm.answers("t1-new"));
  }

  @Test
  @DisplayName("the devices hinted in one window go out in one batch")
  void oneBatchPerWindow() throws Exception {
    dispatcher.hint("d1", "t1");
    dispatcher.hint("d2", "t2");
    dispatcher.hint("d3", "t3");
    drain();

    assertEquals(List.of(3), channel.sizes);
    assertEquals(List.of("sent d1", "sent d2", "sent d3"), listener.events);
  }

  @Test
  @DisplayName("600 devices in one window all get their message, through FCM calls of at most 500")
  void moreThanOneCall() throws Exception {
    IntStream.range(0, 600).forEach(i -> dispatcher.hint("d" + i, "t" + i));
    drain();

    assertEquals(List.of(600), channel.sizes);
    assertEquals(600, fcm.received().size());
    assertEquals(600, listener.events.stream().filter(event -> event.startsWith("sent ")).count());
  }

  @Test
  @DisplayName("a dead token is reported with its device, so that it can be dropped")
  void deadToken() throws Exception {
    fcm.unregistered("t1");
    dispatcher.hint("d1", "t1");
    drain();

    assertEquals(List.of("unregistered d1 t1"), listener.events);
  }

  @Test
  @DisplayName("after a 429 the hint is sent again and arrives exactly once")
  void quotaThenSuccess() throws Exception {
    fcm.busy("t1", 2, 429);
    dispatcher.hint("d1", "t1");
    drain();

    assertEquals(List.of(429, 429, 200), fcm.answers("t1"));
    assertEquals(List.of("sent d1"), listener.events);
  }

  @Test
  @DisplayName("after a 503 the hint is sent again and arrives exactly once")
  void unavailableThenSuccess() throws Exception {
    fcm.busy("t1", 1, 503);
    fcm.busy("t2", 3, 503);
    dispatcher.hint("d1", "t1");
    dispatcher.hint("d2", "t2");
    drain();

    assertEquals(List.of(503, 200), fcm.answers("t1"));
    assertEquals(List.of(503, 503, 503, 200), fcm.answers("t2"));
    assertEquals(List.of("sent d1", "sent d2"), listener.events);
  }

  @Test
  @DisplayName("after five failed attempts the hint is given up; the other devices are not held back")
  void givesUp() throws Exception {
    fcm.busy("t1", 100, 503);
    dispatcher.hint("d1", "t1");
    dispatcher.hint("d2", "t2");
    drain();

    assertEquals(Collections.nCopies(5, 503), fcm.answers("t1"));
    assertEquals(List.of("sent d2", "gave up d1: not delivered after 5 attempts"), listener.events);
  }

  @Test
  @DisplayName("with push off, hints are dropped and nothing is reported")
  void off() throws Exception {
    dispatcher = new PushDispatcher(vertx, PushChannel.off(), listener, FAST);
    dispatcher.hint("d1", "t1");
    drain();

    assertEquals("off", dispatcher.channel());
    assertEquals(List.of(), listener.events);
    assertEquals(List.of(FAILED, FAILED), PushChannel.off().send(List.of("t1", "t2")).await());
  }

  /** Runs {@code hint} on {@code n} event-loop contexts and returns once each has run. */
  private static void fromEventLoops(int n, Runnable hint) throws Exception {
    List<Future<Void>> done = IntStream.range(0, n).mapToObj(i -> {
      Promise<Void> ran = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> {
        hint.run();
        ran.complete();
      });
      return ran.future();
    }).toList();
    Future.all(done).await(10, TimeUnit.SECONDS);
  }

  /** The real channel, noting the size of each batch the dispatcher hands it. */
  private static final class Batches implements PushChannel {

    final List<Integer> sizes = new CopyOnWriteArrayList<>();
    private final PushChannel channel;

    Batches(PushChannel channel) {
      this.channel = channel;
    }

    @Override
    public String name() {
      return channel.name();
    }

    @Override
    public Future<List<Outcome>> send(List<String> tokens) {
      sizes.add(tokens.size());
      return channel.send(tokens);
    }
  }

  /** What the listener heard, as short sentences. */
  private static final class Recorder implements PushDispatcher.Listener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void sent(String deviceId) {
      events.add("sent " + deviceId);
    }

    @Override
    public void unregistered(String deviceId, String token) {
      events.add("unregistered " + deviceId + " " + token);
    }

    @Override
    public void gaveUp(String deviceId, String reason) {
      events.add("gave up " + deviceId + ": " + reason);
    }
  }
}
