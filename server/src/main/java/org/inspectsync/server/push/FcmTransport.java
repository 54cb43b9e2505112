package org.inspectsync.server.push;

import com.google.api.client.http.HttpStatusCodes;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.http.javanet.NetHttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP transport firebase-admin sends FCM requests through: a {@link NetHttpTransport} that
 * does two things more.
 *
 * <p>It sends each request to {@code endpoint}, which replaces the scheme, host and port of the URL
 * firebase-admin built (the path stays), so that a bureau can go through its own proxy and tests
 * through a fake FCM on loopback.
 *
 * <p>It keeps firebase-admin from retrying by itself. Its messaging client retries an HTTP 503 up to
 * four times, sleeping 0.5, 1, 2 and 4 seconds in between, or for the answer's {@code Retry-After}
 * when that is at most 60 seconds (firebase-admin 9.11.0, {@code ApiClientUtils.DEFAULT_RETRY_CONFIG}
 * with {@code RetryUnsuccessfulResponseHandler}); it does not retry 429, 500 or I/O errors. Nothing
 * public configures this. Those sleeps would hold a worker thread for seconds and come on top of the
 * dispatcher's own backoff, so every unsuccessful answer reaches firebase-admin with a
 * {@code Retry-After} of one day, longer than it is willing to wait: it then gives up at once, by its
 * own rule, and the dispatcher's backoff is the only one. {@code FcmChannelTest} checks that a 503
 * costs exactly one request.
 */
final class FcmTransport extends HttpTransport {

  private static final String LONGER_THAN_FIREBASE_WAITS = Long.toString(Duration.ofDays(1).toSeconds());

  /** {@link HttpTransport}'s request factory method is protected: a wrapper reaches it by reflection. */
  private static final Method BUILD_REQUEST = buildRequestMethod();

  private final NetHttpTransport delegate = new NetHttpTransport();
  private final String origin;

  /** @param endpoint {@code scheme://host[:port]}, without path, query or user info */
  FcmTransport(URI endpoint) {
    if (endpoint.getScheme() == null || endpoint.getHost() == null || endpoint.getRawUserInfo() != null
        || !(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() || endpoint.getRawPath().equals("/"))
        || endpoint.getRawQuery() != null) {
      throw new IllegalArgumentException("an FCM endpoint is scheme://host[:port], not " + endpoint);
    }
    this.origin = endpoint.getScheme() + "://" + endpoint.getHost()
        + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
  }

  /** The URL firebase-admin built, at this transport's endpoint. */
  String redirect(String url) {
    URI uri = URI.create(url);
    return origin + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  @Override
  protected LowLevelHttpRequest buildRequest(String method, String url) throws IOException {
    try {
      return new Request((LowLevelHttpRequest) BUILD_REQUEST.invoke(delegate, method, redirect(url)));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean supportsMethod(String method) throws IOException {
    return delegate.supportsMethod(method);
  }

  @Override
  public void shutdown() throws IOException {
    delegate.shutdown();
  }

  private static Method buildRequestMethod() {
    try {
      Method method = HttpTransport.class.getDeclaredMethod("buildRequest", String.class, String.class);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Hands firebase-admin's request to the delegate's, and marks unsuccessful answers. */
  private static final class Request extends LowLevelHttpRequest {

    private final LowLevelHttpRequest request;

    Request(LowLevelHttpRequest request) {
      this.request = request;
    }

    @Override
    public void addHeader(String name, String value) throws IOException {
      request.addHeader(name, value);
    }

    @Override
    public void setTimeout(int connectTimeout, int readTimeout) throws IOException {
      request.setTimeout(connectTimeout, readTimeout);
    }

    @Override
    public void setWriteTimeout(int writeTimeout) throws IOException {
      request.setWriteTimeout(writeTimeout);
    }

    @Override
    public LowLevelHttpResponse execute() throws IOException {
      request.setContentLength(getContentLength());
      request.setContentEncoding(getContentEncoding());
      request.setContentType(getContentType());
      request.setStreamingContent(getStreamingContent());
      LowLevelHttpResponse answer = request.execute();
      return HttpStatusCodes.isSuccess(answer.getStatusCode()) ? answer : new NotRetriedHere(answer);
    }
  }

  /** An unsuccessful answer whose {@code Retry-After} tells firebase-admin not to retry it. */
  private static final class NotRetriedHere extends LowLevelHttpResponse {

    private final LowLevelHttpResponse answer;
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    NotRetriedHere(LowLevelHttpResponse answer) throws IOException {
      this.answer = answer;
      for (int i = 0; i < answer.getHeaderCount(); i++) {
        if (!"Retry-After".equalsIgnoreCase(answer.getHeaderName(i))) {
          names.add(answer.getHeaderName(i));
          values.add(answer.getHeaderValue(i));
        }
      }
      names.add("Retry-After");
      values.add(LONGER_THAN_FIREBASE_WAITS);
    }

    @Override
    public InputStream getContent() throws IOException {
      return answer.getContent();
    }

    @Override
    public String getContentEncoding() throws IOException {
      return answer.getContentEncoding();
    }

    @Override
    public long getContentLength() throws IOException {
      return answer.getContentLength();
    }

    @Override
    public String getContentType() throws IOException {
      return answer.getContentType();
    }

    @Override
    public String getStatusLine() throws IOException {
      return answer.getStatusLine();
    }

    @Override
    public int getStatusCode() throws IOException {
      return answer.getStatusCode();
    }

    @Override
    public String getReasonPhrase() throws IOException {
      return answer.getReasonPhrase();
    }

    @Override
    public int getHeaderCount() {
      return names.size();
    }

    @Override
    public String getHeaderName(int index) {
      return names.get(index);
    }

    @Override
    public String getHeaderValue(int index) {
      return values.get(index);
    }

    @Override
    public void disconnect() throws IOException {
      answer.disconnect();
    }
  }
}
