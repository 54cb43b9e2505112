package org.inspectsync.protocol;

/**
 * Stable error codes. A request-level error comes back as an {@link ErrorBody} with an HTTP
 * status; a rejected mutation carries its code in its {@link MutationResult}. Codes never
 * change meaning; new ones may be added, so clients treat an unknown code by its HTTP status.
 */
public enum ErrorCode {

  /** The body is not valid JSON. Do not resend unchanged. */
  MALFORMED_JSON(400),
  /** A required field is absent. {@code field} names it. */
  FIELD_REQUIRED(400),
  /** A field has the wrong JSON type (e.g. text where a number belongs). */
  FIELD_WRONG_TYPE(400),
  /** A field has the right type but a value outside what is allowed. */
  FIELD_INVALID(400),
  /** The record carries a field the server does not know; nothing is dropped silently. */
  FIELD_UNKNOWN(400),
  /** A unified social credit code fails its format or check character (GB 32100). */
  CREDIT_CODE_INVALID(400),
  /** The record type is not one of the synced types. */
  RECORD_TYPE_UNKNOWN(400),
  /** The operation is not create, update or delete. */
  OPERATION_UNKNOWN(400),
  /** This operation is not allowed on this record type from a phone. */
  OPERATION_NOT_ALLOWED(403),
  /** A referenced record does not exist (or was deleted). */
  REFERENCE_NOT_FOUND(404),
  /**
   * With status {@code parked}: the mutation needs a record that has not reached the server yet.
   * It is kept and applied when that record arrives; the phone need not send it again.
   */
  PREREQUISITE_MISSING(409),
  /** The record to update or delete does not exist. */
  RECORD_NOT_FOUND(404),
  /** A create names an id that already exists. */
  RECORD_EXISTS(409),
  /** The record belongs to another station. */
  OUT_OF_SCOPE(403),
  /**
   * The change touches a signed check or an issued notice, which are legal documents and never
   * edited in place: create a new version that names this one in {@code supersedes}.
   */
  DOCUMENT_IMMUTABLE(409),
  /** The document named in {@code supersedes} has been superseded already. */
  DOCUMENT_SUPERSEDED(409),
  /** The notice number is not in a block leased to this device: lease numbers while online. */
  NOTICE_NUMBER_NOT_LEASED(409),
  /** The notice number is on another notice already. */
  NOTICE_NUMBER_USED(409),
  /** The station has fewer numbers left this year than the lease asked for. */
  NOTICE_NUMBERS_EXHAUSTED(409),
  /** A status change that its state machine does not allow. */
  STATUS_TRANSITION_INVALID(409),
  /**
   * An office edit was based on a version older than the last office write to the record
   * ({@code currentVersion} in the body is the version now): read it again and redo the edit.
   */
  VERSION_MISMATCH(409),
  /** The assignment is done or cancelled and can no longer be edited; create a new one. */
  ASSIGNMENT_CLOSED(409),
  /**
   * The draw cannot be made as asked: for example an entity of the pool has fewer than two
   * inspectors left once declared conflicts of interest are taken out. {@code field} names the cause.
   */
  DRAW_INFEASIBLE(409),
  /**
   * The batch skips mutation numbers. The body's {@code expectedSeq} is the number the server
   * expects next: resend the queue from there.
   */
  SEQUENCE_GAP(409),
  /**
   * This device id is registered to another user. A phone shared by several officers keeps one
   * installation id, and one outbox, per officer.
   */
  DEVICE_IN_USE(409),
  /** Mutation numbers inside the batch are not consecutive and ascending. */
  SEQUENCE_NOT_CONSECUTIVE(400),
  /** The batch holds more mutations than the server accepts in one request. */
  BATCH_TOO_LARGE(413),
  /** The request body is larger than the server accepts. */
  BODY_TOO_LARGE(413),
  /** The pull cursor is not one this server issued. Start again from an empty cursor. */
  CURSOR_INVALID(400),
  /** A query parameter is missing or malformed. */
  PARAMETER_INVALID(400),
  /** No bearer token on a request that needs one. */
  TOKEN_MISSING(401),
  /** The conflict was resolved already, by this reviewer or another. */
  CONFLICT_RESOLVED(409),
  /** The bearer token is malformed, has a bad signature, or is not for this server. */
  TOKEN_INVALID(401),
  /** The bearer token has expired: log in again. */
  TOKEN_EXPIRED(401),
  /** This device was revoked (reported lost, or retired): it can do nothing more. */
  DEVICE_REVOKED(401),
  /** Wrong username or password. */
  LOGIN_FAILED(401),
  /**
   * Too many failed logins for this user or from this address lately: wait the {@code Retry-After}
   * seconds. Further attempts, right or wrong, are not checked meanwhile.
   */
  LOGIN_LOCKED(429),
  /** The caller's role may not do this. */
  FORBIDDEN(403),
  /** No such resource. */
  NOT_FOUND(404),
  /** The HTTP method is not supported on this path. */
  METHOD_NOT_ALLOWED(405),
  /** The request body must be JSON. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** The app speaks a protocol version this server no longer accepts: the body names the minimum. */
  UPGRADE_REQUIRED(426),
  /**
   * An evidence file is larger than the server accepts per file ({@code Upload-Length} over the
   * limit). Nothing was kept; the phone should not retry the same file.
   */
  EVIDENCE_TOO_LARGE(413),
  /**
   * The device has stored as many evidence bytes today as it may (days in its station's time
   * zone). Nothing was kept; the upload can start again tomorrow. Records still sync.
   */
  EVIDENCE_DAILY_LIMIT(429),
  /**
   * The file's first bytes are not a JPEG, PNG, WebP or HEIC image (the type is read from the
   * content, never from a name). The upload was discarded.
   */
  EVIDENCE_TYPE_UNSUPPORTED(415),
  /**
   * The uploaded bytes do not hash to the SHA-256 in the path. The upload was discarded; it starts
   * again from offset 0.
   */
  EVIDENCE_HASH_MISMATCH(422),
  /**
   * The chunk's {@code Upload-Offset} is not where the upload stands. The body's {@code received}
   * is the offset to send from; {@code size} the length the upload started with (null if none).
   */
  UPLOAD_OFFSET_MISMATCH(409),
  /** The evidence link has expired: ask for a new one. */
  EVIDENCE_LINK_EXPIRED(403),
  /** The evidence link's signature does not match its hash and expiry (altered or not from this server). */
  EVIDENCE_LINK_INVALID(403),
  /** The database is unreachable or the server is overloaded: retry later with back-off. */
  UNAVAILABLE(503),
  /** A fault on the server. The request may be retried; nothing was half-applied. */
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status a request-level error with this code is sent with. */
  public int httpStatus() {
    return httpStatus;
  }
}
