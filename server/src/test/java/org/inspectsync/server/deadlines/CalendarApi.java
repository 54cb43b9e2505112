package org.inspectsync.server.deadlines;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestServer;

/** PUT with a body, which the shared {@link Http} helper does not send. */
final class CalendarApi {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private CalendarApi() {
  }

  static Http.Response put(TestServer server, String body, String token) {
    HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/calendar"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      JsonObject json = null;
      try {
        json = new JsonObject(response.body());
      } catch (RuntimeException notJson) {
        // left null: the assertion on the body will say so
      }
      return new Http.Response(response.statusCode(), json, response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
