package org.inspectsync.load;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * One HTTP client shared by every simulated phone, timing each answered push and login round trip
 * (request sent to response read, as the phone sees it) and counting pulls. The protocol's
 * {@code SyncClient} takes any {@link HttpClient}, so the phones need not know.
 */
final class TimedHttpClient extends HttpClient {

  private final HttpClient delegate;
  private final List<Long> pushNanos = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> loginNanos = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong pulls = new AtomicLong();

  TimedHttpClient(HttpClient delegate) {
    this.delegate = delegate;
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

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> promises) {
    return delegate.sendAsync(request, handler, promises);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }
}
