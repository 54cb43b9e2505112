package org.inspectsync.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * One phone's connection to a shared client, carrying the access token the phone holds, as the
 * protocol's {@code SyncClient} does after a login: {@code Authorization: Bearer <token>} on every
 * request. Used for phones whose token was issued without a login (see {@link IssuedTokens}).
 */
final class BearerHttpClient extends ForwardingHttpClient {

  private final String authorization;

  BearerHttpClient(HttpClient delegate, String token) {
    super(delegate);
    this.authorization = "Bearer " + token;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return delegate.send(withToken(request), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(withToken(request), handler);
  }

  private HttpRequest withToken(HttpRequest request) {
    return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
        .header("Authorization", authorization).build();
  }
}
