package org.inspectsync.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * One phone's view of its last pull: how long the round trip took (request sent to the whole body
 * read, before the phone decodes the JSON) and how many bytes the body had. The protocol's
 * {@code SyncClient} takes any {@link HttpClient}, so it need not know; each phone gets its own,
 * over one shared client.
 */
final class PulledPages extends ForwardingHttpClient {

  private long lastNanos;
  private long lastBytes;

  PulledPages(HttpClient delegate) {
    super(delegate);
  }

  /** Round trip of the last pull, in nanoseconds. */
  long lastNanos() {
    return lastNanos;
  }

  /** Body of the last pull, in bytes (as sent: the run asks for no compression). */
  long lastBytes() {
    return lastBytes;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<T> response = delegate.send(request, handler);
    if (request.uri().getPath().equals("/sync/pull")) {
      lastNanos = System.nanoTime() - start;
      lastBytes = response.body() instanceof byte[] body ? body.length : -1;
    }
    return response;
  }
}
