package org.inspectsync.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP client shared by every simulated phone, timing each answered push and login round trip
 * (request sent to response read, as the phone sees it) and counting pulls. The protocol's
 * {@code SyncClient} takes any {@link HttpClient}, so the phones need not know.
 */
final class TimedHttpClient extends ForwardingHttpClient {

  private final List<Long> pushNanos = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> loginNanos = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong pulls = new AtomicLong();

  TimedHttpClient(HttpClient delegate) {
    super(delegate);
  }

  /** Latencies of answered pushes (any status), in nanoseconds. */
  List<Long> pushLatencies() {
    synchronized (pushNanos) {
      return List.copyOf(pushNanos);
    }
  }

  /** Latencies of answered logins (any status), in nanoseconds. */
  List<Long> loginLatencies() {
    synchronized (loginNanos) {
      return List.copyOf(loginNanos);
    }
  }

  long pullRequests() {
    return pulls.get();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    HttpResponse<T> response = delegate.send(request, handler);
    String path = request.uri().getPath();
    if (path.equals("/sync/push")) {
      pushNanos.add(System.nanoTime() - start);
    } else if (path.equals("/auth/login")) {
      loginNanos.add(System.nanoTime() - start);
    } else if (path.equals("/sync/pull")) {
      pulls.incrementAndGet();
    }
    return response;
  }
}
