package org.inspectsync.server.support;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inspectsync.server.push.FcmChannel;

/**
 * FCM's HTTP v1 send API, {@code POST /v1/projects/{project}/messages:send}, on 127.0.0.1, for
 * firebase-admin to talk to in tests. It records every message and answers as FCM does: by default
 * with a message name; for a token a test scripted, with FCM's error JSON.
 */
public final class FakeFcm implements AutoCloseable {

  /** The project tests send to. */
  public static final String PROJECT = "inspectsync-test";

  private static final Pattern SEND = Pattern.compile("/v1/projects/([^/]+)/messages:send");

  /**
   * One request as it arrived.
   *
   * @param body the whole request body, {@code {"message": {...}}}
   * @param status what this fake answered
   */
  public record Received(String project, String token, JsonObject data, String collapseKey, JsonObject body,
      String authorization, int status) {
  }

  /** Answers {@code status} for the next {@code times} messages to a token, then 200. */
  private record Script(int status, AtomicInteger times) {

    int next() {
      return times.getAndDecrement() > 0 ? status : 200;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final AtomicLong names = new AtomicLong();

  private FakeFcm(Vertx vertx) {
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::handle);
  }

  /** A fake FCM listening on a free port of 127.0.0.1. */
  public static FakeFcm start(Vertx vertx) {
    FakeFcm fake = new FakeFcm(vertx);
    fake.server.listen().await();
    return fake;
  }

  /**
   * Credentials holding an access token that expires in 2999: firebase-admin sends it as it is and
   * never tries to refresh it, so no test ever reaches Google.
   */
  public static GoogleCredentials credentials() {
    return GoogleCredentials.create(new AccessToken("test", Date.from(Instant.parse("2999-01-01T00:00:00Z"))));
  }

  /** The real FCM channel, on {@code vertx}, sending to this fake with {@link #credentials()}. */
  public FcmChannel channel(Vertx vertx) {
    return FcmChannel.create(vertx, credentials(), PROJECT, endpoint());
  }

  /** Where firebase-admin must send its requests, {@code http://127.0.0.1:port}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Messages to {@code token} are answered 404 UNREGISTERED: the app is gone. */
  public void unregistered(String token) {
    scripts.put(token, new Script(404, new AtomicInteger(Integer.MAX_VALUE)));
  }

  /** The next {@code times} messages to {@code token} are answered 429 QUOTA_EXCEEDED or 503 UNAVAILABLE. */
  public void busy(String token, int times, int status) {
    if (status != 429 && status != 503) {
      throw new IllegalArgumentException("busy is 429 or 503, not " + status);
    }
    scripts.put(token, new Script(status, new AtomicInteger(times)));
  }

  /** Forgets the scripts and what was received. */
  public void reset() {
    scripts.clear();
    received.clear();
  }

  /** Every request, in the order they arrived. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests for one token, in the order they arrived. */
  public List<Received> received(String token) {
    return received.stream().filter(r -> token.equals(r.token())).toList();
  }

  /** The answers given for one token, in order: 200 for each message delivered. */
  public List<Integer> answers(String token) {
    return received(token).stream().map(Received::status).toList();
  }

  @Override
  public void close() {
    server.close().await();
  }

  private void handle(HttpServerRequest request) {
    Matcher send = SEND.matcher(request.path());
    if (request.method() != HttpMethod.POST || !send.matches()) {
      request.response().setStatusCode(404).end("not an FCM API");
      return;
    }
    request.body().onSuccess(buffer -> {
      JsonObject body;
      try {
        body = buffer.toJsonObject();
      } catch (DecodeException e) {
        request.response().setStatusCode(400).end();
        return;
      }
      JsonObject message = body.getJsonObject("message", new JsonObject());
      String token = message.getString("token");
      Script script = token == null ? null : scripts.get(token);
      int status = script == null ? 200 : script.next();
      JsonObject android = message.getJsonObject("android", new JsonObject());
      received.add(new Received(send.group(1), token, message.getJsonObject("data"),
          android.getString("collapse_key"), body, request.getHeader("Authorization"), status));
      answer(request, send.group(1), status);
    });
  }

  private void answer(HttpServerRequest request, String project, int status) {
    JsonObject body = switch (status) {
      case 200 -> new JsonObject().put("name", "projects/" + project + "/messages/" + names.incrementAndGet());
      case 404 -> error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
      case 429 -> error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for sending messages.");
      case 503 -> error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.");
      default -> throw new IllegalStateException("no answer for " + status);
    };
    var response = request.response().setStatusCode(status).putHeader("Content-Type", "application/json");
    if (status == 429 || status == 503) {
      // As FCM does; firebase-admin would sleep this long and retry a 503 if FcmTransport let it.
      response.putHeader("Retry-After", "1");
    }
    response.end(body.encode());
  }

  /** FCM v1's error body: a Google API error whose details name FCM's own error code. */
  private static JsonObject error(int code, String status, String fcmCode, String message) {
    return new JsonObject().put("error", new JsonObject()
        .put("code", code)
        .put("message", message)
        .put("status", status)
        .put("details", new JsonArray().add(new JsonObject()
            .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
            .put("errorCode", fcmCode))));
  }
}
