package org.inspectsync.server.records;

import org.inspectsync.protocol.ErrorCode;

/**
 * Why a single mutation cannot be applied. Unlike {@link org.inspectsync.server.http.ApiError},
 * it fails only its own mutation; the rest of the batch goes on.
 *
 * @param field path inside the mutation, e.g. {@code data.creditCode}
 */
public record Rejection(ErrorCode code, String field, String message) {

  /** Thrown while decoding one mutation; caught per mutation. */
  public static final class Failure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    public Failure(ErrorCode code, String field, String message) {
      super(message, null, false, false);
      this.rejection = new Rejection(code, field, message);
    }

    public Rejection rejection() {
      return rejection;
    }
  }
}
