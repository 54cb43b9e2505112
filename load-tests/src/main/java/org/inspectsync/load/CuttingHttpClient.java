package org.inspectsync.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An uploader phone's connection that can be made to break: once armed with a file, the next
 * evidence chunk sent from the armed offset leaves with half of its bytes and then the connection
 * is dropped, as when a phone walks out of signal mid-upload. The server sees a request body cut
 * short; the caller sees an {@link IOException}, as from a real broken connection. One uploader
 * (one thread at a time) per instance.
 */
final class CuttingHttpClient extends ForwardingHttpClient {

  private byte[] file;
  private long offset = -1;
  private int cuts;

  CuttingHttpClient(HttpClient delegate) {
    super(delegate);
  }

  /** Cuts the chunk of {@code file} sent from {@code offset}, once. */
  void cutChunkAt(byte[] file, long offset) {
    this.file = file;
    this.offset = offset;
  }

  /** Chunks cut so far. */
  int cuts() {
    return cuts;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    if (offset < 0 || !request.method().equals("PUT")
        || !request.headers().firstValueAsLong("Upload-Offset").equals(OptionalLong.of(offset))) {
      return delegate.send(request, handler);
    }
    long length = request.bodyPublisher().orElseThrow().contentLength();
    HttpRequest cut = HttpRequest.newBuilder(request, (name, value) -> true)
        .PUT(HttpRequest.BodyPublishers.fromPublisher(new HalfThenBreak(file, (int) offset, (int) length), length))
        .build();
    file = null;
    offset = -1;
    cuts++;
    return delegate.send(cut, handler);
  }

  /** Publishes the first half of a chunk, then fails: the HTTP client drops the connection. */
  private static final class HalfThenBreak implements Flow.Publisher<ByteBuffer> {
    private final ByteBuffer half;

    HalfThenBreak(byte[] file, int offset, int length) {
      this.half = ByteBuffer.wrap(file, offset, length / 2).slice();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      AtomicBoolean done = new AtomicBoolean();
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          if (n > 0 && done.compareAndSet(false, true)) {
            subscriber.onNext(half);
            subscriber.onError(new IOException("connection lost mid-chunk (cut by the load test)"));
          }
        }

        @Override
        public void cancel() {
          done.set(true);
        }
      });
    }
  }
}
