package org.inspectsync.server.push;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.SendResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hints through Firebase Cloud Messaging (HTTP v1), with firebase-admin.
 *
 * <p>Each channel has a FirebaseApp of its own, under a name of its own, never the default app: two
 * servers, or a server and its tests, in one JVM then never share credentials or an endpoint.
 *
 * <p>{@code FirebaseMessaging.sendEach} blocks until FCM answered every message (it sends them on
 * firebase-admin's own thread pool of at most 100 threads and waits), so it runs on a Vert.x worker
 * thread, at most {@value #MOST_PER_CALL} messages a call, as FCM allows.
 *
 * <p>firebase-admin would retry an HTTP 503 by itself, up to four times, sleeping 0.5 to 4 seconds
 * between tries (or each time the answer's {@code Retry-After}, when that is at most a minute) while
 * the worker thread waits. {@link FcmTransport} turns that off, so that an outcome of
 * {@link Outcome#RETRY} comes back at once and {@link PushDispatcher} alone decides when to try
 * again. firebase-admin never retries 429, 500 or I/O errors.
 */
public final class FcmChannel implements PushChannel, AutoCloseable {

  /** Google's FCM, where messages go unless a bureau routes them through a proxy of its own. */
  public static final String GOOGLE_ENDPOINT = "https://fcm.googleapis.com";

  /** The most messages {@code sendEach} takes in one call. */
  static final int MOST_PER_CALL = 500;

  /** A hint older than this is not worth waking a phone for: phones also sync on their own. */
  static final Duration HINT_LIFETIME = Duration.ofHours(1);

  /**
   * firebase-admin waits forever by default; a stalled connection would hold a worker thread and the
   * dispatcher's hints with it. A timeout is an I/O error, hence {@link Outcome#RETRY}.
   */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private static final AtomicInteger APPS = new AtomicInteger();

  private final Vertx vertx;
  private final FirebaseApp app;
  private final FirebaseMessaging messaging;

  private FcmChannel(Vertx vertx, FirebaseApp app) {
    this.vertx = vertx;
    this.app = app;
    this.messaging = FirebaseMessaging.getInstance(app);
  }

  /**
   * The channel of a production server, from the service-account key file the Firebase console
   * gives; messages go to the key's project. Reads the file: call it at start-up, not on an event loop.
   * Access tokens are still fetched from the key's {@code token_uri} (Google's), not through
   * {@code endpoint}.
   *
   * @param endpoint null for {@link #GOOGLE_ENDPOINT}, else {@code scheme://host[:port]} of a proxy
   *     that forwards FCM's API unchanged
   */
  public static FcmChannel fromServiceAccount(Vertx vertx, Path serviceAccountJson, String endpoint)
      throws IOException {
    ServiceAccountCredentials credentials;
    try (InputStream in = Files.newInputStream(serviceAccountJson)) {
      credentials = ServiceAccountCredentials.fromStream(in);
    }
    if (credentials.getProjectId() == null) {
      throw new IllegalArgumentException(serviceAccountJson + " has no project_id");
    }
    return create(vertx, credentials, credentials.getProjectId(), endpoint);
  }

  /**
   * A channel with the given credentials and project. Tests pass credentials holding a fixed access
   * token that never expires, so nothing is ever refreshed, and the endpoint of a fake FCM.
   *
   * @param endpoint null for {@link #GOOGLE_ENDPOINT}, else {@code scheme://host[:port]}
   */
  public static FcmChannel create(Vertx vertx, GoogleCredentials credentials, String projectId, String endpoint) {
    FirebaseOptions options = FirebaseOptions.builder()
        .setCredentials(credentials)
        .setProjectId(projectId)
        .setHttpTransport(new FcmTransport(URI.create(endpoint == null ? GOOGLE_ENDPOINT : endpoint)))
        .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
        .setReadTimeout((int) READ_TIMEOUT.toMillis())
        .build();
    return new FcmChannel(vertx, FirebaseApp.initializeApp(options, "inspectsync-fcm-" + APPS.incrementAndGet()));
  }

  @Override
  public String name() {
    return "fcm";
  }

  @Override
  public Future<List<Outcome>> send(List<String> tokens) {
    List<Future<List<Outcome>>> calls = new ArrayList<>();
    for (List<String> part : inCalls(tokens)) {
      calls.add(vertx.executeBlocking(() -> sendEach(part)));
    }
    return Future.all(calls).map(done -> calls.stream().flatMap(call -> call.result().stream()).toList());
  }

  /** Releases the FirebaseApp and, with the last app, firebase-admin's threads. */
  @Override
  public void close() {
    app.delete();
  }

  /** {@code tokens} cut into lists that {@code sendEach} accepts. */
  static List<List<String>> inCalls(List<String> tokens) {
    List<List<String>> parts = new ArrayList<>();
    for (int from = 0; from < tokens.size(); from += MOST_PER_CALL) {
      parts.add(List.copyOf(tokens.subList(from, Math.min(tokens.size(), from + MOST_PER_CALL))));
    }
    return parts;
  }

  /**
   * The hint: data only, so the app handles it itself and nothing shows on the screen, and nothing
   * in it about anyone. One collapse key, so that a phone that was offline gets one hint, not a
   * queue of them; high priority, so that a phone in Doze wakes for it.
   *
   * <p>Phones register FCM registration tokens, which go in the message's {@code token};
   * firebase-admin deprecates that field in favour of {@code fid}, a Firebase Installation ID, which
   * is a different value that phones do not send.
   */
  @SuppressWarnings("deprecation")
  static Message hint(String token) {
    return Message.builder()
        .setToken(token)
        .putData("type", "sync")
        .setAndroidConfig(AndroidConfig.builder()
            .setCollapseKey("sync")
            .setPriority(AndroidConfig.Priority.HIGH)
            .setTtl(HINT_LIFETIME.toMillis())
            .build())
        .build();
  }

  /**
   * What an FCM error means for the token.
   *
   * @param fcmCode FCM's own error code, absent when FCM did not answer or its answer named none
   * @param status the answer's status, by which a code-less 429, 500 or 503 is still passing
   * @param answered false for an I/O error: the request may never have reached FCM
   */
  static Outcome outcomeOf(MessagingErrorCode fcmCode, ErrorCode status, boolean answered) {
    if (fcmCode != null) {
      return switch (fcmCode) {
        case UNREGISTERED, SENDER_ID_MISMATCH -> Outcome.UNREGISTERED;
        case QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL -> Outcome.RETRY;
        default -> Outcome.FAILED;
      };
    }
    if (!answered) {
      return Outcome.RETRY;
    }
    return switch (status) {
      case RESOURCE_EXHAUSTED, UNAVAILABLE, INTERNAL -> Outcome.RETRY;
      default -> Outcome.FAILED;
    };
  }

  /** Runs on a worker thread: blocks until FCM answered for every token of {@code part}. */
  private List<Outcome> sendEach(List<String> part) {
    List<Message> messages = part.stream().map(FcmChannel::hint).toList();
    try {
      return messaging.sendEach(messages).getResponses().stream().map(FcmChannel::outcomeOf).toList();
    } catch (FirebaseMessagingException e) {
      // sendEach reports each message's error in its response; it throws only when interrupted
      // while waiting, and then nothing is known of any of them.
      return Collections.nCopies(part.size(), Outcome.RETRY);
    }
  }

  private static Outcome outcomeOf(SendResponse response) {
    if (response.isSuccessful()) {
      return Outcome.SENT;
    }
    FirebaseMessagingException e = response.getException();
    return outcomeOf(e.getMessagingErrorCode(), e.getErrorCode(), e.getHttpResponse() != null);
  }
}
