package org.inspectsync.protocol.client;

import org.inspectsync.protocol.ErrorBody;

/** The server refused a request; {@link #error()} says why. */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient ErrorBody error;

  public ApiException(int status, ErrorBody error) {
    super(status + " " + error.code() + ": " + error.message()
        + (error.field() == null ? "" : " (" + error.field() + ")"));
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public ErrorBody error() {
    return error;
  }
}
