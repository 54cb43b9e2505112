package org.inspectsync.server.http;

import io.vertx.core.json.JsonObject;
import org.inspectsync.protocol.ErrorCode;

/**
 * A request the server refuses, with the stable code, the field at fault and a sentence for
 * people. Thrown or failed anywhere in a handler's chain; {@link FailureHandler} renders it.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String field;
  private final JsonObject details;

  public ApiError(ErrorCode code, String field, String message) {
    this(code, field, message, new JsonObject());
  }

  private ApiError(ErrorCode code, String field, String message, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
    this.details = details;
  }

  /** The same error with one more member in its body, e.g. {@code expectedSeq}. */
  public ApiError with(String name, Object value) {
    return new ApiError(code, field, getMessage(), details.copy().put(name, value));
  }

  /** Members added to the body beside code, message and field. */
  public JsonObject details() {
    return details;
  }

  public ApiError(ErrorCode code, String message) {
    this(code, null, message);
  }

  public ErrorCode code() {
    return code;
  }

  public String field() {
    return field;
  }

  public int httpStatus() {
    return code.httpStatus();
  }
}
