package org.inspectsync.server.evidence;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.Config;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.identity.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence over HTTP: a device uploads a file in chunks and resumes after a broken connection;
 * anyone who may read a record reads the files it names, or hands out a time-limited link.
 * The protocol is in docs/PROTOCOL.md, "Evidence".
 */
public final class EvidenceHandlers {

  public static final String UPLOAD_OFFSET = "Upload-Offset";
  public static final String UPLOAD_LENGTH = "Upload-Length";

  private static final Logger LOG = LoggerFactory.getLogger(EvidenceHandlers.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UPLOAD_PATH = Pattern.compile("/evidence/[^/]+");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,15}");
  private static final String STREAMING = "evidence.streaming";
  /** The bytes behind a hash never change; only who may fetch them does, so caches stay private. */
  private static final String CACHE = "private, max-age=86400, immutable";

  private final Pool pool;
  private final Config.Evidence config;
  private final EvidenceStore store;
  private final Staging staging;
  private final LinkSigner links;
  private final Clock clock;

  public EvidenceHandlers(Pool pool, Config.Evidence config, EvidenceStore store, Staging staging, LinkSigner links,
      Clock clock) {
    this.pool = pool;
    this.config = config;
    this.store = store;
    this.staging = staging;
    this.links = links;
    this.clock = clock;
  }

  /** Whether the request is a chunk upload, whose body this class streams to disk rather than the body handler reading it. */
  public static boolean streamsBody(HttpServerRequest request) {
    return request.method() == HttpMethod.PUT && UPLOAD_PATH.matcher(request.path()).matches();
  }

  /**
   * First on an upload's route: the chunk waits in the connection while the token and the upload's
   * state are checked. A refusal sent before the chunk is read closes the connection, so that the
   * unread bytes are not taken for the next request.
   */
  public static void holdBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    ctx.addHeadersEndHandler(sent -> {
      if (!request.isEnded() && ctx.get(STREAMING) == null) {
        ctx.response().putHeader("Connection", "close");
      }
    });
    ctx.next();
  }

  /** {@code GET /evidence/{sha256}/upload}: how far this device's upload is, or that the file is stored. */
  public void status(RoutingContext ctx) {
    String hash = hash(ctx);
    EvidenceRepository.status(pool, hash, Actor.of(ctx).deviceId())
        .onSuccess(status -> json(ctx, status(hash, status)))
        .onFailure(ctx::fail);
  }

  /** {@code PUT /evidence/{sha256}}: one chunk, from {@code Upload-Offset}, of a file of {@code Upload-Length} bytes. */
  public void upload(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    HttpServerRequest request = ctx.request();
    String hash = hash(ctx);
    long offset = header(request, UPLOAD_OFFSET);
    long length = header(request, UPLOAD_LENGTH);
    if (length < 1) {
      throw new ApiError(ErrorCode.FIELD_INVALID, UPLOAD_LENGTH, UPLOAD_LENGTH + " must be at least 1");
    }
    if (length > config.maxFileBytes()) {
      throw new ApiError(ErrorCode.EVIDENCE_TOO_LARGE, UPLOAD_LENGTH, "an evidence file may have at most "
          + config.maxFileBytes() + " bytes").with("maxBytes", config.maxFileBytes());
    }
    if (offset > length) {
      throw new ApiError(ErrorCode.FIELD_INVALID, UPLOAD_OFFSET, UPLOAD_OFFSET + " is past " + UPLOAD_LENGTH);
    }
    String declared = request.getHeader("Content-Length");
    if (declared != null && WHOLE_NUMBER.matcher(declared).matches()) {
      long chunk = Long.parseLong(declared);
      if (chunk > config.chunkBytes()) {
        throw chunkTooLarge();
      }
      if (offset + chunk > length) {
        throw pastLength();
      }
    }
    String deviceId = actor.deviceId();
    Path staged = staging.path(deviceId, hash);
    EvidenceRepository.status(pool, hash, deviceId).compose(status -> {
      if (status.stored()) {
        // Someone stored these very bytes already: this one request is all a duplicate costs.
        return Future.succeededFuture(status(hash, status));
      }
      boolean otherLength = status.size() != null && status.size() != length && status.received() > 0;
      if (offset != status.received() || otherLength) {
        return Future.failedFuture(offsetMismatch(status.received(), status.size()));
      }
      Future<Void> ready = offset == 0
          ? EvidenceRepository.usedToday(pool, deviceId, actor.unitId()).compose(used -> used + length > config.dailyBytes()
              ? Future.failedFuture(new ApiError(ErrorCode.EVIDENCE_DAILY_LIMIT, UPLOAD_LENGTH,
                  "this device has stored " + used + " of its " + config.dailyBytes() + " evidence bytes today")
                  .with("usedBytes", used).with("dailyBytes", config.dailyBytes()))
              : Future.succeededFuture())
          : staging.length(staged).compose(held -> held >= offset ? Future.succeededFuture()
              // The staged bytes are gone (a new disk, a cleaned directory): start again.
              : EvidenceRepository.forgetUpload(pool, deviceId, hash)
                  .compose(forgotten -> Future.failedFuture(offsetMismatch(0, null))));
      return ready
          .compose(checked -> staging.openChunk(staged))
          .compose(chunkFile -> receive(ctx, chunkFile.file(), offset, length)
              .recover(failure -> failure instanceof ApiError error && error.code() == ErrorCode.EVIDENCE_TYPE_UNSUPPORTED
                  ? discard(actor, hash, staged).compose(gone -> Future.failedFuture(failure))
                  : Future.failedFuture(failure))
              .compose(chunk -> afterChunk(actor, hash, staged, chunkFile.path(), offset, length, chunk))
              .eventually(() -> staging.discard(chunkFile.path())));
    }).onSuccess(answer -> json(ctx, answer)).onFailure(failure -> {
      if (failure instanceof Cut) {
        LOG.debug("upload of {} by {} cut after {} bytes were committed", hash, deviceId, offset);
      } else {
        ctx.fail(failure);
      }
    });
  }

  /** What one request's body brought: its length, and the media type read from a first chunk. */
  private record Chunk(long bytes, String mediaType) {
  }

  /** The connection closed before the whole chunk arrived: nothing to answer, nothing committed. */
  private static final class Cut extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Cut() {
      super("connection closed mid-chunk", null, false, false);
    }
  }

  /**
   * Streams the body into the staged file, never holding more than the connection's buffers in
   * memory. A refusal found on the way (too long, not an image) is answered once the body has been
   * read, and nothing of it counts.
   */
  private Future<Chunk> receive(RoutingContext ctx, AsyncFile file, long offset, long length) {
    HttpServerRequest request = ctx.request();
    ctx.put(STREAMING, true);
    Promise<Chunk> done = Promise.promise();
    long[] count = {0};
    ApiError[] refusal = {null};
    Throwable[] writeFailure = {null};
    Buffer head = offset == 0 ? Buffer.buffer(ImageType.HEAD) : null;
    String[] mediaType = {null};
    // Set once the chunk ends or is cut: bytes still queued in the connection after a cut go nowhere.
    boolean[] ending = {false};
    request.handler(buffer -> {
      if (ending[0] || refusal[0] != null || writeFailure[0] != null) {
        return;
      }
      count[0] += buffer.length();
      if (count[0] > config.chunkBytes()) {
        refusal[0] = chunkTooLarge();
        return;
      }
      if (offset + count[0] > length) {
        refusal[0] = pastLength();
        return;
      }
      if (head != null && mediaType[0] == null) {
        head.appendBuffer(buffer, 0, Math.min(buffer.length(), ImageType.HEAD - head.length()));
        if (head.length() == ImageType.HEAD) {
          mediaType[0] = ImageType.sniff(head.getBytes());
          if (mediaType[0] == null) {
            refusal[0] = notAnImage();
            return;
          }
        }
      }
      file.write(buffer).onFailure(failure -> writeFailure[0] = failure);
      if (file.writeQueueFull()) {
        request.pause();
        file.drainHandler(drained -> request.resume());
      }
    });
    Runnable cut = () -> {
      if (!ending[0]) {
        ending[0] = true;
        file.close().onComplete(closed -> done.tryFail(new Cut()));
      }
    };
    request.exceptionHandler(failure -> cut.run());
    request.connection().closeHandler(closed -> cut.run());
    request.endHandler(ended -> {
      if (!ending[0]) {
        ending[0] = true;
        end(file, done, count[0], head, mediaType, refusal, writeFailure);
      }
    });
    if (ctx.response().closed()) {
      // The connection broke while the upload was being checked: no handler above will hear of it.
      cut.run();
    } else {
      request.resume();
    }
    return done.future();
  }

  /** The whole chunk arrived: it counts once it is on disk and nothing refused it. */
  private static void end(AsyncFile file, Promise<Chunk> done, long count, Buffer head, String[] mediaType,
      ApiError[] refusal, Throwable[] writeFailure) {
    file.flush().eventually(file::close).onComplete(closed -> {
      if (refusal[0] == null && head != null && count > 0 && mediaType[0] == null) {
        // A first chunk shorter than the bytes that tell the type apart.
        mediaType[0] = ImageType.sniff(head.getBytes());
        if (mediaType[0] == null) {
          refusal[0] = notAnImage();
        }
      }
      if (refusal[0] != null) {
        done.tryFail(refusal[0]);
      } else if (writeFailure[0] != null || closed.failed()) {
        done.tryFail(writeFailure[0] != null ? writeFailure[0] : closed.cause());
      } else {
        done.tryComplete(new Chunk(count, mediaType[0]));
      }
    });
  }

  /**
   * Moves the upload from {@code offset} to the chunk's end, and puts the chunk into the staged
   * file, in one transaction: the row stays locked while the file is written, so two requests for
   * the same upload never both write, and the count moves only if the bytes are in place.
   */
  private Future<JsonObject> afterChunk(Actor actor, String hash, Path staged, Path chunkFile, long offset,
      long length, Chunk chunk) {
    long received = offset + chunk.bytes();
    return pool.withTransaction(conn -> EvidenceRepository.advance(conn, actor.deviceId(), hash, length, offset,
            received, chunk.mediaType())
            .compose(advanced -> advanced == null
                ? Future.succeededFuture((EvidenceRepository.Advanced) null)
                : staging.append(staged, offset, chunkFile).map(advanced)))
        .compose(advanced -> {
          if (advanced == null) {
            // Another request of the same device moved the upload meanwhile.
            return EvidenceRepository.status(pool, hash, actor.deviceId())
                .compose(now -> Future.failedFuture(offsetMismatch(now.received(), now.size())));
          }
          if (received < length) {
            return Future.succeededFuture(status(hash, new EvidenceRepository.Status(false, length, received)));
          }
          return complete(actor, hash, staged, length, advanced.mediaType());
        });
  }

  /**
   * The last byte arrived: the whole file must hash to its name before it enters the store. Its
   * row is locked meanwhile, so a sweep and a second upload of the same bytes wait.
   */
  private Future<JsonObject> complete(Actor actor, String hash, Path staged, long length, String mediaType) {
    return staging.sha256(staged).compose(actual -> {
      if (!actual.equals(hash)) {
        return discard(actor, hash, staged).compose(gone -> Future.failedFuture(new ApiError(
            ErrorCode.EVIDENCE_HASH_MISMATCH, "sha256", "the bytes received hash to " + actual
                + ", not to the SHA-256 in the path; the upload was discarded, send it again from offset 0")));
      }
      return pool.withTransaction(conn -> EvidenceRepository.lockFile(conn, hash).compose(stored -> stored
          ? EvidenceRepository.forgetUpload(conn, actor.deviceId(), hash).map(false)
          : store.put(hash, staged)
              .compose(put -> EvidenceRepository.markStored(conn, hash, length, mediaType, actor.deviceId(),
                  actor.unitId()))
              .map(true)))
          .compose(newlyStored -> newlyStored
              // After the commit, so that records written meanwhile are seen (see V15__evidence.sql).
              // The file is stored either way; a refresh that fails is redone by the sweep's repair.
              ? EvidenceRepository.refreshPending(pool, hash).recover(failure -> {
                LOG.warn("records naming evidence {} stay pending until the next sweep", hash, failure);
                return Future.succeededFuture();
              })
              : staging.discard(staged))
          .map(done -> status(hash, new EvidenceRepository.Status(true, length, length)));
    });
  }

  private Future<Void> discard(Actor actor, String hash, Path staged) {
    return EvidenceRepository.forgetUpload(pool, actor.deviceId(), hash).compose(forgotten -> staging.discard(staged));
  }

  /** {@code GET /evidence/{sha256}} with a bearer token: the file, if a record the caller may read names it. */
  public void read(RoutingContext ctx) {
    String hash = hash(ctx);
    EvidenceRepository.storedInScope(pool, hash, Actor.of(ctx).unitId())
        .onSuccess(file -> send(ctx, hash, file))
        .onFailure(ctx::fail);
  }

  /**
   * First on {@code GET /evidence/{sha256}}: a request with {@code expires} and {@code signature}
   * is a signed link and needs no token; any other goes on to the token check.
   */
  public void readByLink(RoutingContext ctx) {
    String expires = ctx.request().getParam("expires");
    String signature = ctx.request().getParam("signature");
    if (expires == null && signature == null) {
      ctx.next();
      return;
    }
    String hash = hash(ctx);
    switch (links.verify(hash, expires, signature, clock.instant())) {
      case INVALID -> throw new ApiError(ErrorCode.EVIDENCE_LINK_INVALID, "signature",
          "this link's signature does not match its file and expiry");
      case EXPIRED -> throw new ApiError(ErrorCode.EVIDENCE_LINK_EXPIRED, "expires", "this link has expired; ask for a new one");
      case VALID -> EvidenceRepository.stored(pool, hash).onSuccess(file -> send(ctx, hash, file)).onFailure(ctx::fail);
    }
  }

  /** {@code POST /evidence/{sha256}/links}: a link to the file that works without a token until it expires. */
  public void link(RoutingContext ctx) {
    String hash = hash(ctx);
    EvidenceRepository.storedInScope(pool, hash, Actor.of(ctx).unitId()).onSuccess(file -> {
      if (file == null) {
        ctx.fail(notFound());
        return;
      }
      long expires = clock.instant().plus(config.linkTtl()).getEpochSecond();
      json(ctx, new JsonObject()
          .put("url", "/evidence/" + hash + "?expires=" + expires + "&signature=" + links.sign(hash, expires))
          .put("expiresAt", Instant.ofEpochSecond(expires).toString()));
    }).onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, String hash, EvidenceRepository.StoredFile file) {
    if (file == null) {
      ctx.fail(notFound());
      return;
    }
    HttpServerResponse response = ctx.response()
        .putHeader("ETag", "\"" + hash + "\"")
        .putHeader("Cache-Control", CACHE)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    if (("\"" + hash + "\"").equals(ctx.request().getHeader("If-None-Match"))) {
      response.setStatusCode(304).end();
      return;
    }
    store.open(hash).onSuccess(opened -> {
      response.putHeader("Content-Type", file.mediaType()).putHeader("Content-Length", Long.toString(file.size()));
      opened.content().pipeTo(response).eventually(opened::close)
          .onFailure(failure -> LOG.debug("sending evidence {} stopped: {}", hash, failure.toString()));
    }).onFailure(failure -> {
      // The database says stored but the store has no such file: a fault of the server's disk.
      LOG.error("evidence {} is recorded as stored but cannot be read", hash, failure);
      ctx.fail(notFound());
    });
  }

  private static JsonObject status(String hash, EvidenceRepository.Status status) {
    return new JsonObject().put("sha256", hash).put("size", status.size()).put("received", status.received())
        .put("complete", status.stored());
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static String hash(RoutingContext ctx) {
    String hash = ctx.pathParam("sha256");
    if (hash == null || !SHA256.matcher(hash).matches()) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "sha256", "sha256 must be a SHA-256 hash: 64 lower-case hex digits");
    }
    return hash;
  }

  private static long header(HttpServerRequest request, String name) {
    String value = request.getHeader(name);
    if (value == null || value.isBlank()) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, name, "the " + name + " header is required");
    }
    if (!WHOLE_NUMBER.matcher(value.trim()).matches()) {
      throw new ApiError(ErrorCode.FIELD_INVALID, name, "the " + name + " header must be a whole number of bytes");
    }
    return Long.parseLong(value.trim());
  }

  private static ApiError offsetMismatch(long received, Long size) {
    return new ApiError(ErrorCode.UPLOAD_OFFSET_MISMATCH, UPLOAD_OFFSET, "the upload stands at " + received
        + " bytes; send from there").with("received", received).with("size", size);
  }

  private ApiError chunkTooLarge() {
    return new ApiError(ErrorCode.BODY_TOO_LARGE, "body", "a chunk may have at most " + config.chunkBytes() + " bytes")
        .with("maxChunkBytes", config.chunkBytes());
  }

  private static ApiError pastLength() {
    return new ApiError(ErrorCode.FIELD_INVALID, UPLOAD_LENGTH, "the chunk goes past " + UPLOAD_LENGTH);
  }

  private static ApiError notAnImage() {
    return new ApiError(ErrorCode.EVIDENCE_TYPE_UNSUPPORTED, "body",
        "the file is not a JPEG, PNG, WebP or HEIC image (judged by its first bytes); the upload was discarded");
  }

  private static ApiError notFound() {
    return new ApiError(ErrorCode.NOT_FOUND, "sha256", "no evidence file with this hash that you may read");
  }
}
