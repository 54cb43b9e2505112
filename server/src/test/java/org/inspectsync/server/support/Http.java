package org.inspectsync.server.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTP for tests that send what a real client never would. */
public final class Http {

  /** A response with its JSON body (null when the body is not a JSON object). */
  public record Response(int status, JsonObject body, String text) {
  }

  private final URI base;
  private final HttpClient client = HttpClient.newHttpClient();

  Http(URI base) {
    this.base = base;
  }

  public Response get(String path, String token) {
    return send(builder(path, token).GET().build());
  }

  public Response post(String path, String body, String token) {
    return withBody("POST", path, body, token);
  }

  public Response patch(String path, String body, String token) {
    return withBody("PATCH", path, body, token);
  }

  public Response put(String path, String body, String token) {
    return withBody("PUT", path, body, token);
  }

  private Response withBody(String method, String path, String body, String token) {
    return send(builder(path, token)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  public Response post(String path, byte[] body, String token) {
    return send(builder(path, token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build());
  }

  public Response send(String method, String path, String token) {
    return send(builder(path, token).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpRequest.Builder builder(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonObject body = null;
      try {
        body = new JsonObject(response.body());
      } catch (RuntimeException notJson) {
        // left null: the assertion on body will say so
      }
      return new Response(response.statusCode(), body, response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
