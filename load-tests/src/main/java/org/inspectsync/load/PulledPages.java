package org.inspectsync.load;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * One phone's view of its last pull: how long the round trip took (request sent to the whole body
 * read, before the phone decodes the JSON) and how many bytes the body had. The protocol's
 * {@code SyncClient} takes any {@link HttpClient}, so it need not know; each phone gets its own,
 * over one shared client.
 */
final class PulledPages extends HttpClient {

  private final HttpClient delegate;
  private long lastNanos;
  private long lastBytes;

  PulledPages(HttpClient delegate) {
    this.delegate = delegate;
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
