package org.inspectsync.server.push;

import static org.inspectsync.server.push.PushChannel.Outcome.FAILED;
import static org.inspectsync.server.push.PushChannel.Outcome.RETRY;
import static org.inspectsync.server.push.PushChannel.Outcome.SENT;
import static org.inspectsync.server.push.PushChannel.Outcome.UNREGISTERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.MessagingErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.inspectsync.server.push.PushChannel.Outcome;
import org.inspectsync.server.support.FakeFcm;
import org.inspectsync.server.support.FakeFcm.Received;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("FcmChannel sends a bare sync hint through firebase-admin and reads FCM's answers")
class FcmChannelTest {

  private static Vertx vertx;
  private static FakeFcm fcm;
  private static FcmChannel channel;

  @BeforeAll
  static void start() {
    vertx = TestServer.strictVertx();
    fcm = FakeFcm.start(vertx);
    channel = fcm.channel(vertx);
  }

  @AfterAll
  static void stop() {
    channel.close();
    fcm.close();
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    fcm.reset();
  }

  private static List<Outcome> send(PushChannel through, List<String> tokens) throws Exception {
    return through.send(tokens).await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a hint is data only: type=sync, collapse key sync, high priority, an hour to live")
  void content() throws Exception {
    assertEquals(List.of(SENT), send(channel, List.of("phone-a")));

    Received received = fcm.received().get(0);
    assertEquals(1, fcm.received().size());
    assertEquals(FakeFcm.PROJECT, received.project());
    assertEquals("phone-a", received.token());
    assertEquals(new JsonObject().put("type", "sync"), received.data());
    assertEquals("sync", received.collapseKey());
    assertEquals(Set.of("message"), received.body().fieldNames());
    JsonObject message = received.body().getJsonObject("message");
    assertEquals(Set.of("token", "data", "android"), message.fieldNames());
    assertEquals(new JsonObject().put("collapse_key", "sync").put("priority", "high").put("ttl", "3600s"),
        message.getJsonObject("android"));
    assertEquals("Bearer test", received.authorization());
  }

  @Test
  @DisplayName("each token gets its own outcome, in the order of the tokens")
  void outcomesInOrder() throws Exception {
    fcm.unregistered("gone");
    fcm.busy("quota", 1, 429);
    fcm.busy("down", 1, 503);

    assertEquals(List.of(SENT, UNREGISTERED, RETRY, RETRY, SENT),
        send(channel, List.of("fine", "gone", "quota", "down", "also-fine")));
  }

  @Test
  @DisplayName("a 503 costs one request and comes back RETRY: firebase-admin does not retry it by itself")
  void noRetryInsideFirebase() throws Exception {
    fcm.busy("down", 1, 503);

    assertEquals(List.of(RETRY), send(channel, List.of("down")));
    assertEquals(List.of(503), fcm.answers("down"));
  }

  @Test
  @DisplayName("an endpoint that does not answer gives RETRY")
  void unreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (FcmChannel nowhere = FcmChannel.create(vertx, FakeFcm.credentials(), FakeFcm.PROJECT,
        "http://127.0.0.1:" + closedPort)) {
      assertEquals(List.of(RETRY, RETRY), send(nowhere, List.of("a", "b")));
    }
  }

  @Test
  @DisplayName("1,201 tokens go out in calls of at most 500, each token with its outcome in place")
  void manyTokens() throws Exception {
    List<String> tokens = IntStream.range(0, 1201).mapToObj(i -> "phone-" + i).toList();
    fcm.unregistered("phone-777");
    List<Outcome> expected = new ArrayList<>(Collections.nCopies(1201, SENT));
    expected.set(777, UNREGISTERED);

    assertEquals(List.of(500, 500, 201), FcmChannel.inCalls(tokens).stream().map(List::size).toList());
    assertEquals(expected, send(channel, tokens));
    assertEquals(Set.copyOf(tokens), fcm.received().stream().map(Received::token).collect(Collectors.toSet()));
    assertEquals(1201, fcm.received().size());
  }

  @Test
  @DisplayName("no tokens, no request")
  void noTokens() throws Exception {
    assertEquals(List.of(), send(channel, List.of()));
    assertEquals(List.of(), fcm.received());
  }

  @ParameterizedTest(name = "{0} / {1} / answered {2} -> {3}")
  @DisplayName("what FCM's error codes mean for a token")
  @CsvSource({
      "UNREGISTERED,           NOT_FOUND,          true,  UNREGISTERED",
      "SENDER_ID_MISMATCH,     PERMISSION_DENIED,  true,  UNREGISTERED",
      "QUOTA_EXCEEDED,         RESOURCE_EXHAUSTED, true,  RETRY",
      "UNAVAILABLE,            UNAVAILABLE,        true,  RETRY",
      "INTERNAL,               INTERNAL,           true,  RETRY",
      "INVALID_ARGUMENT,       INVALID_ARGUMENT,   true,  FAILED",
      "THIRD_PARTY_AUTH_ERROR, UNAUTHENTICATED,    true,  FAILED",
      ",                       UNKNOWN,            false, RETRY",
      ",                       DEADLINE_EXCEEDED,  false, RETRY",
      ",                       RESOURCE_EXHAUSTED, true,  RETRY",
      ",                       UNAVAILABLE,        true,  RETRY",
      ",                       INTERNAL,           true,  RETRY",
      ",                       PERMISSION_DENIED,  true,  FAILED",
      ",                       UNKNOWN,            true,  FAILED",
  })
  void errorCodes(MessagingErrorCode fcmCode, ErrorCode status, boolean answered, Outcome expected) {
    assertEquals(expected, FcmChannel.outcomeOf(fcmCode, status, answered));
  }

  @Test
  @DisplayName("a service-account key gives a channel; a key without a project is refused")
  void serviceAccount(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("key.json");
    Files.writeString(key, serviceAccountKey("inspectsync-prod").encode());
    FcmChannel.fromServiceAccount(vertx, key, fcm.endpoint()).close();

    Files.writeString(key, serviceAccountKey(null).encode());
    var refused = assertThrows(IllegalArgumentException.class, () -> FcmChannel.fromServiceAccount(vertx, key, null));
    assertEquals(key + " has no project_id", refused.getMessage());
  }

  @Test
  @DisplayName("an endpoint with a path is refused rather than half used")
  void endpointWithPath() {
    assertThrows(IllegalArgumentException.class,
        () -> FcmChannel.create(vertx, FakeFcm.credentials(), FakeFcm.PROJECT, "https://proxy.example/fcm"));
  }

  /** A key file as the Firebase console gives it, with a fresh key and no reachable token server. */
  private static JsonObject serviceAccountKey(String projectId) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    JsonObject key = new JsonObject()
        .put("type", "service_account")
        .put("private_key_id", "test-key")
        .put("private_key", pem)
        .put("client_email", "push@inspectsync-test.iam.gserviceaccount.com")
        .put("client_id", "1")
        .put("token_uri", "http://127.0.0.1:9/token");
    return projectId == null ? key : key.put("project_id", projectId);
  }
}
