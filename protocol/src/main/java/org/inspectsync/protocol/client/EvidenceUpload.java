package org.inspectsync.protocol.client;

import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.inspectsync.protocol.EvidenceStatus;

/**
 * Uploads one evidence file as a phone does: by the SHA-256 of its bytes, in chunks, resuming
 * from what the server holds after a broken connection. A file the server already has costs one
 * status request. Blocking, like a phone's upload worker; records never wait for it.
 *
 * <p>The procedure: ask the status; while not complete, send the chunk at {@code received}; on an
 * I/O error (the chunk may or may not have counted) or a 409 {@code UPLOAD_OFFSET_MISMATCH}, ask
 * the status again and go on from there. Any other refusal ({@code EVIDENCE_TYPE_UNSUPPORTED},
 * {@code EVIDENCE_TOO_LARGE}, ...) is thrown as an {@link ApiException}.
 */
public final class EvidenceUpload {

  /** The server's default largest chunk. */
  public static final int DEFAULT_CHUNK_BYTES = 1024 * 1024;

  private final SyncClient client;
  private final int chunkBytes;
  private final int attempts;
  private int requests;

  /**
   * @param chunkBytes the largest chunk to send; at most the server's (1 MiB by default)
   * @param attempts how many broken requests in a row to resume from before giving up
   */
  public EvidenceUpload(SyncClient client, int chunkBytes, int attempts) {
    this.client = client;
    this.chunkBytes = chunkBytes;
    this.attempts = attempts;
  }

  public EvidenceUpload(SyncClient client) {
    this(client, DEFAULT_CHUNK_BYTES, 5);
  }

  /** Uploads the file unless the server has it; answers its SHA-256, which records name it by. */
  public String upload(byte[] file) {
    String sha256 = sha256(file);
    upload(sha256, file);
    return sha256;
  }

  /** Uploads a file known by its hash; answers the final status (complete). */
  public EvidenceStatus upload(String sha256, byte[] file) {
    requests = 0;
    EvidenceStatus status = status(sha256);
    int failures = 0;
    while (!status.complete()) {
      int length = (int) Math.min(chunkBytes, file.length - status.received());
      try {
        requests++;
        status = client.putEvidenceChunk(sha256, file, status.received(), length);
        failures = 0;
      } catch (UncheckedIOException broken) {
        if (++failures >= attempts) {
          throw broken;
        }
        status = status(sha256);
      } catch (ApiException refused) {
        if (!"UPLOAD_OFFSET_MISMATCH".equals(refused.error().code()) || ++failures >= attempts) {
          throw refused;
        }
        status = status(sha256);
      }
    }
    return status;
  }

  /** How many requests the last upload made, status requests included. */
  public int requests() {
    return requests;
  }

  private EvidenceStatus status(String sha256) {
    requests++;
    return client.evidenceStatus(sha256);
  }

  /** SHA-256 of the bytes, lower-case hex, as records and the server name files. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
