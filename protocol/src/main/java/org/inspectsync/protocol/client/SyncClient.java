package org.inspectsync.protocol.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.inspectsync.protocol.ErrorBody;
import org.inspectsync.protocol.EvidenceLink;
import org.inspectsync.protocol.EvidenceStatus;
import org.inspectsync.protocol.Json;
import org.inspectsync.protocol.LoginRequest;
import org.inspectsync.protocol.LoginResponse;
import org.inspectsync.protocol.NoticeNumberBlock;
import org.inspectsync.protocol.ProtocolVersion;
import org.inspectsync.protocol.PullResponse;
import org.inspectsync.protocol.PushRequest;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.protocol.TokenPair;

/**
 * The HTTP calls of the sync protocol, one method each. Blocking, like a phone's sync worker;
 * not thread-safe after {@link #login} (it keeps the token).
 */
public final class SyncClient {

  /**
   * Request header a phone puts on each push and pull: how many seconds the oldest item of its
   * outbox has waited (0 when it is empty). Supervisors see phones whose work has waited too long.
   */
  public static final String OUTBOX_AGE = "X-Outbox-Age";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http;
  private String token;
  private String refreshToken;

  public SyncClient(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  public SyncClient(URI base) {
    this(base, HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
  }

  public LoginResponse login(String username, String password, String deviceId) {
    LoginResponse response = send(post("/auth/login", new LoginRequest(username, password, deviceId)),
        LoginResponse.class);
    token = response.token();
    refreshToken = response.refreshToken();
    return response;
  }

  /** Trades the refresh token for a new pair, as a phone does when its access token expires. */
  public TokenPair refresh() {
    TokenPair pair = send(post("/auth/refresh", Map.of("refreshToken", refreshToken)), TokenPair.class);
    token = pair.token();
    refreshToken = pair.refreshToken();
    return pair;
  }

  public PushResponse push(PushRequest batch) {
    return push(batch, 0);
  }

  /** Pushes, reporting how long the oldest item of the outbox has waited ({@code X-Outbox-Age}). */
  public PushResponse push(PushRequest batch, long outboxAgeSeconds) {
    return withFreshToken(() -> send(outboxAge(post("/sync/push", batch), outboxAgeSeconds), PushResponse.class));
  }

  public PullResponse pull(String cursor, int limit) {
    return pull(cursor, limit, 0);
  }

  /** Pulls, reporting how long the oldest item of the outbox has waited ({@code X-Outbox-Age}). */
  public PullResponse pull(String cursor, int limit, long outboxAgeSeconds) {
    String query = "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) + "&limit=" + limit;
    return withFreshToken(() -> send(request("/sync/pull" + query).header(OUTBOX_AGE,
        Long.toString(outboxAgeSeconds)).GET().build(), PullResponse.class));
  }

  private static HttpRequest outboxAge(HttpRequest request, long seconds) {
    return HttpRequest.newBuilder(request, (name, value) -> true).header(OUTBOX_AGE, Long.toString(seconds)).build();
  }

  /** Runs a call; if the access token has expired, refreshes it once and runs the call again. */
  private <T> T withFreshToken(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      if (refreshToken == null || !"TOKEN_EXPIRED".equals(e.error().code())) {
        throw e;
      }
      refresh();
      return call.get();
    }
  }

  /** Leases the next {@code size} official notice numbers of {@code year} to this device. */
  public NoticeNumberBlock leaseNoticeNumbers(int size, int year) {
    return send(post("/notice-numbers/blocks", Map.of("size", size, "year", year)), NoticeNumberBlock.class);
  }

  /** What the server holds of this device's upload of an evidence file (see {@link EvidenceUpload}). */
  public EvidenceStatus evidenceStatus(String sha256) {
    return withFreshToken(() -> send(request("/evidence/" + sha256 + "/upload").GET().build(), EvidenceStatus.class));
  }

  /**
   * Sends {@code length} bytes of {@code file} from {@code offset} as one chunk of the upload of
   * {@code sha256}. An I/O error means the chunk may or may not have counted: ask
   * {@link #evidenceStatus} before sending again.
   */
  public EvidenceStatus putEvidenceChunk(String sha256, byte[] file, long offset, int length) {
    return withFreshToken(() -> send(request("/evidence/" + sha256)
        .header("Content-Type", "application/octet-stream")
        .header("Upload-Offset", Long.toString(offset))
        .header("Upload-Length", Integer.toString(file.length))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(file, (int) offset, length))
        .build(), EvidenceStatus.class));
  }

  /** A link to an evidence file that works without a token for a while (for a dashboard, a browser). */
  public EvidenceLink evidenceLink(String sha256) {
    return withFreshToken(() -> send(request("/evidence/" + sha256 + "/links")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), EvidenceLink.class));
  }

  /** The bytes of an evidence file that a record this user may read names. */
  public byte[] evidence(String sha256) {
    return withFreshToken(() -> {
      try {
        HttpResponse<byte[]> response = http.send(request("/evidence/" + sha256).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new ApiException(response.statusCode(), Json.MAPPER.readValue(response.body(), ErrorBody.class));
        }
        return response.body();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    });
  }

  /** The bearer token from the last login, for calls this class does not wrap. */
  public String token() {
    return token;
  }

  private HttpRequest post(String path, Object body) {
    try {
      byte[] json = Json.MAPPER.writeValueAsBytes(body);
      return request(path)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + body, e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header(ProtocolVersion.HEADER, Integer.toString(ProtocolVersion.CURRENT));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private <T> T send(HttpRequest request, Class<T> type) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw new ApiException(response.statusCode(), Json.MAPPER.readValue(response.body(), ErrorBody.class));
      }
      return Json.MAPPER.readValue(response.body(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
