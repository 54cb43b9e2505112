package org.inspectsync.server.evidence;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import org.inspectsync.server.support.Http;

/** Image-like files and raw evidence requests, for tests that send what a real phone never would. */
final class Uploads {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Uploads() {
  }

  /** A JPEG header then {@code size - 4} pseudo-random bytes, different per seed. */
  static byte[] jpeg(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    bytes[0] = (byte) 0xFF;
    bytes[1] = (byte) 0xD8;
    bytes[2] = (byte) 0xFF;
    bytes[3] = (byte) 0xE0;
    return bytes;
  }

  /** One chunk, {@code file[offset..offset+length)}, declared as part of a file of {@code total} bytes. */
  static Http.Response put(URI base, String token, String hash, byte[] file, int offset, int length, long total) {
    return send(HttpRequest.newBuilder(base.resolve("/evidence/" + hash))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/octet-stream")
        .header("Upload-Offset", Integer.toString(offset))
        .header("Upload-Length", Long.toString(total))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(file, offset, offset + length)))
        .build());
  }

  static Http.Response put(URI base, String token, String hash, byte[] file, int offset, int length) {
    return put(base, token, hash, file, offset, length, file.length);
  }

  /** A GET answered with its raw bytes in {@code text} (ISO-8859-1, one char per byte). */
  static Http.Response get(URI base, String pathAndQuery, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  static HttpResponse<byte[]> bytes(URI base, String pathAndQuery, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Http.Response send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
      JsonObject body = null;
      try {
        body = new JsonObject(text);
      } catch (RuntimeException notJson) {
        // left null
      }
      return new Http.Response(response.statusCode(), body, text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
