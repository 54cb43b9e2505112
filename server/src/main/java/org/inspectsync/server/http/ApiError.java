package org.inspectsync.server.http;

import org.inspectsync.protocol.ErrorCode;

/**
 * A request the server refuses, with the stable code, the field at fault and a sentence for
 * people. Thrown or failed anywhere in a handler's chain; {@link FailureHandler} renders it.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String field;

  public ApiError(ErrorCode code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
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
