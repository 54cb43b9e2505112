package org.inspectsync.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Supervisors' screens, in a JVM of their own so that the server's JVM holds only the server's
 * side of each stream: a number of tally streams read without a thread each (a Vert.x HTTP client
 * on two event loops), and every event's arrival time, {@code totals.checksDone} and
 * {@code generatedAt} kept for {@link LiveTallies} to measure.
 *
 * <p>{@code LiveTallies} drives it line by line on standard input and reads one reply line per
 * command on standard output ({@code error ...} lines come before it): {@code open <n> <seconds>}
 * opens n streams, screen k on unit k modulo the number of units, and answers once each has its
 * snapshot; {@code await <count,count,...> <seconds>} waits until every screen shows at least its
 * unit's count; {@code dump <file>} writes the events; {@code close} closes every stream;
 * {@code exit}. Arguments: the server's base URI and the units' ids, comma-separated; the bearer
 * token is in the environment variable {@value #TOKEN}, with {@code INSPECTSYNC_LOAD_GZIP=true}
 * to ask for compressed streams and {@code INSPECTSYNC_LOAD_CONNECTING} streams opened at once.
 */
public final class TallyScreens {

  static final String TOKEN = "INSPECTSYNC_LOAD_TOKEN";
  static final String GZIP = "INSPECTSYNC_LOAD_GZIP";
  static final String CONNECTING = "INSPECTSYNC_LOAD_CONNECTING";

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final URI server;
  private final List<String> units;
  private final String token;
  private final int connecting;
  private final List<Screen> screens = new ArrayList<>();
  private final Queue<String> errors = new ConcurrentLinkedQueue<>();

  private TallyScreens(URI server, List<String> units, String token, boolean gzip, int connecting) {
    this.server = server;
    this.units = units;
    this.token = token;
    this.connecting = connecting;
    // Two event loops for thousands of streams: no thread per screen.
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
    this.client = vertx.httpClientBuilder().with(new HttpClientOptions().setDecompressionSupported(gzip)).build();
  }

  public static void main(String[] args) throws Exception {
    PrintStream replies = System.out;
    // Logs go to standard error; standard output carries only replies.
    System.setOut(System.err);
    String token = System.getenv(TOKEN);
    if (args.length != 2 || token == null) {
      replies.println("error usage: TallyScreens <server URI> <unit,unit,...> with " + TOKEN + " set");
      System.exit(2);
    }
    TallyScreens screens = new TallyScreens(URI.create(args[0]), List.of(args[1].split(",")), token,
        Boolean.parseBoolean(System.getenv(GZIP)),
        Integer.parseInt(System.getenv().getOrDefault(CONNECTING, "200")));
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      for (String line = commands.readLine(); line != null && !line.equals("exit"); line = commands.readLine()) {
        String reply = screens.run(line.split(" "));
        for (String error = screens.errors.poll(); error != null; error = screens.errors.poll()) {
          replies.println("error " + error);
        }
        replies.println(reply);
        replies.flush();
      }
    } finally {
      screens.close();
      screens.vertx.close().await(10, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private String run(String[] command) throws InterruptedException, IOException {
    return switch (command[0]) {
      case "open" -> open(Integer.parseInt(command[1]), seconds(command[2]));
      case "await" -> await(Arrays.stream(command[1].split(",")).mapToLong(Long::parseLong).toArray(),
          seconds(command[2]));
      case "dump" -> dump(Path.of(command[1]));
      case "close" -> close();
      default -> "error unknown command " + command[0];
    };
  }

  private static long seconds(String value) {
    return TimeUnit.SECONDS.toNanos(Long.parseLong(value));
  }

  /** Opens n screens, at most {@link #connecting} at a time; answers when all have their snapshot or time is up. */
  private String open(int n, long withinNanos) throws InterruptedException {
    long deadline = System.nanoTime() + withinNanos;
    Semaphore opening = new Semaphore(connecting);
    AtomicInteger settled = new AtomicInteger();
    List<Screen> opened = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      if (!opening.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        break;
      }
      Screen screen = new Screen(k % units.size(), () -> {
        settled.incrementAndGet();
        opening.release();
      });
      opened.add(screen);
      screen.open();
    }
    // Wait for the last ones: every permit back means every screen has its snapshot or has failed.
    boolean all = opening.tryAcquire(connecting, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    synchronized (screens) {
      screens.addAll(opened);
    }
    long live = opened.stream().filter(Screen::showing).count();
    if (!all || opened.size() < n) {
      errors.add("only " + settled.get() + " of " + n + " screens settled within the time limit");
    }
    return "opened " + live + " " + System.nanoTime();
  }

  /** Waits until every screen shows at least the count expected for its unit. */
  private String await(long[] expected, long withinNanos) throws InterruptedException {
    long deadline = System.nanoTime() + withinNanos;
    List<Screen> all;
    synchronized (screens) {
      all = List.copyOf(screens);
    }
    long behind;
    do {
      behind = all.stream().filter(s -> s.showing() && s.lastCount() < expected[s.unit]).count();
      if (behind > 0) {
        Thread.sleep(20);
      }
    } while (behind > 0 && System.nanoTime() < deadline);
    return "seen " + behind;
  }

  /**
   * Writes every screen's events: screen count, then per screen its unit, its event count and per
   * event the arrival ({@code System.nanoTime}), checksDone, generatedAt (microseconds since the
   * epoch) and whether it was a snapshot.
   */
  private String dump(Path file) throws IOException {
    List<Screen> all;
    synchronized (screens) {
      all = List.copyOf(screens);
    }
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(all.size());
      for (Screen screen : all) {
        screen.writeTo(out);
      }
    }
    return "dumped " + all.size();
  }

  private String close() throws InterruptedException {
    List<Screen> all;
    synchronized (screens) {
      all = List.copyOf(screens);
      screens.clear();
    }
    all.forEach(Screen::close);
    return "closed " + all.size();
  }

  /** One supervisor's screen: one connection, one stream, the events it showed. */
  private final class Screen {
    final int unit;
    private final Runnable settled;
    private HttpClientConnection connection;
    private volatile boolean opened;
    private boolean settledOnce;
    private volatile boolean closing;
    private volatile boolean ended;
    private volatile long lastCount = -1;
    private int size;
    private long[] arrived = new long[8];
    private long[] counts = new long[8];
    private long[] generated = new long[8];
    private boolean[] snapshots = new boolean[8];

    Screen(int unit, Runnable settled) {
      this.unit = unit;
      this.settled = settled;
    }

    boolean showing() {
      return opened && !ended;
    }

    long lastCount() {
      return lastCount;
    }

    void open() {
      String path = "/units/" + units.get(unit) + "/tallies/stream";
      client.connect(new HttpConnectOptions().setHost(server.getHost()).setPort(server.getPort())
              .setConnectTimeout(10_000))
          .compose(conn -> {
            connection = conn;
            conn.closeHandler(v -> end("connection closed"));
            return conn.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
                .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream"));
          })
          .compose(request -> request.send())
          .onSuccess(response -> {
            if (response.statusCode() != 200) {
              fail("HTTP " + response.statusCode() + " for " + path);
              connection.close();
              return;
            }
            response.handler(RecordParser.newDelimited("\n\n", this::event).maxRecordSize(4 * 1024 * 1024));
            response.exceptionHandler(failure -> end(failure.toString()));
            response.endHandler(v -> end("ended by the server"));
          })
          .onFailure(failure -> fail("cannot open " + path + ": " + failure));
    }

    /** One event block: {@code event:} and {@code data:} lines; comments and {@code retry:} are skipped. */
    private void event(Buffer block) {
      long now = System.nanoTime();
      String name = null;
      String data = null;
      for (String line : block.toString(StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      if (name == null || data == null) {
        return;
      }
      boolean snapshot = name.equals("snapshot");
      if (size == 0 && !snapshot) {
        fail("the first event was " + name + ", not a snapshot");
      }
      JsonObject tallies = new JsonObject(data);
      Instant generatedAt = Instant.parse(tallies.getString("generatedAt"));
      record(now, tallies.getJsonObject("totals").getLong("checksDone"),
          generatedAt.getEpochSecond() * 1_000_000L + generatedAt.getNano() / 1_000, snapshot);
      if (!opened && snapshot) {
        opened = true;
        settle();
      }
    }

    private synchronized void record(long at, long count, long generatedMicros, boolean snapshot) {
      if (size == arrived.length) {
        arrived = Arrays.copyOf(arrived, size * 2);
        counts = Arrays.copyOf(counts, size * 2);
        generated = Arrays.copyOf(generated, size * 2);
        snapshots = Arrays.copyOf(snapshots, size * 2);
      }
      arrived[size] = at;
      counts[size] = count;
      generated[size] = generatedMicros;
      snapshots[size] = snapshot;
      size++;
      lastCount = count;
    }

    synchronized void writeTo(DataOutputStream out) throws IOException {
      out.writeInt(unit);
      out.writeInt(size);
      for (int e = 0; e < size; e++) {
        out.writeLong(arrived[e]);
        out.writeLong(counts[e]);
        out.writeLong(generated[e]);
        out.writeBoolean(snapshots[e]);
      }
    }

    private void end(String why) {
      if (!closing && !ended) {
        ended = true;
        errors.add("stream of screen on unit " + units.get(unit) + " ended unexpectedly: " + why);
      }
      ended = true;
      settle();
    }

    private void fail(String why) {
      errors.add(why);
      ended = true;
      settle();
    }

    private synchronized void settle() {
      if (!settledOnce) {
        settledOnce = true;
        settled.run();
      }
    }

    void close() {
      closing = true;
      if (connection != null) {
        connection.close();
      }
    }
  }
}
