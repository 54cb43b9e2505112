package org.inspectsync.server.evidence;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;

/**
 * Where complete, verified evidence files live, addressed by the SHA-256 of their bytes. Only
 * verified files are ever put; partial uploads stay in {@link Staging}, which is never read as
 * evidence. Record rows hold hashes, never bytes.
 *
 * <p>{@link LocalEvidenceStore} keeps files on local disk. An S3-compatible object store maps one
 * to one: {@code put} is a PutObject (or a multipart upload for large files) of key
 * {@code ab/cd/<hash>} from the verified file, which an object store makes visible only once
 * complete; {@code has} a HeadObject; {@code open} a GetObject whose body is the stream; and
 * {@code delete} a DeleteObject. The database, not the store, says which hashes are stored.
 */
public interface EvidenceStore {

  /** Whether the store holds the file. */
  Future<Boolean> has(String sha256);

  /**
   * Takes a file whose bytes have been verified to hash to {@code sha256} into the store. Readers
   * see the whole file or nothing; the staged file is gone afterwards. Putting a hash twice is
   * harmless (the bytes are the same).
   */
  Future<Void> put(String sha256, Path verified);

  /** The file's bytes; fails when the store does not hold it. Close it when done, read or not. */
  Future<Opened> open(String sha256);

  /** Removes the file; succeeds when it was not there. */
  Future<Void> delete(String sha256);

  /** A file being read, and how to let go of it. */
  interface Opened {

    ReadStream<Buffer> content();

    Future<Void> close();
  }
}
