package org.inspectsync.server.evidence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Partial uploads on local disk, one file per device and hash. Never read as evidence: a file
 * leaves staging only by being verified and moved into the {@link EvidenceStore}.
 */
public final class Staging {

  private final Vertx vertx;
  private final FileSystem fs;
  private final Path dir;

  public Staging(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.fs = vertx.fileSystem();
    this.dir = dir;
  }

  /** The staged file of this device's upload of this hash. */
  public Path path(String deviceId, String sha256) {
    // Device ids are the app's own strings: hashed, so that any id makes a safe file name.
    return dir.resolve(sha256 + "." + sha256Hex(deviceId.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + ".part");
  }

  /** How many bytes the staged file holds (0 when there is none). */
  public Future<Long> length(Path file) {
    return fs.exists(file.toString())
        .compose(exists -> exists ? fs.props(file.toString()).map(props -> props.size()) : Future.succeededFuture(0L));
  }

  /** One request's chunk, in a file of its own beside the staged file. */
  public record ChunkFile(Path path, AsyncFile file) {
  }

  /**
   * A new file for one request's chunk. Requests never write the staged file itself: a request
   * whose connection broke may still be writing when the phone's next request for the same
   * upload arrives, and must not touch what that one sends.
   */
  public Future<ChunkFile> openChunk(Path staged) {
    Path chunk = staged.resolveSibling(staged.getFileName() + "." + UUID.randomUUID() + ".chunk");
    return fs.mkdirs(dir.toString())
        .compose(made -> fs.open(chunk.toString(), new OpenOptions().setWrite(true).setCreateNew(true).setRead(false)))
        .map(file -> new ChunkFile(chunk, file));
  }

  /**
   * Puts a whole chunk into the staged file at {@code offset}, cutting the staged file back to it
   * first, on a worker thread. The caller holds the upload's row lock, so chunks go in one at a
   * time and only at the offset the database recorded. Not forced to disk: the caller holds a
   * database connection meanwhile, and bytes a crash loses show at the end, when the whole file
   * must hash to its name (or earlier, when the staged file is shorter than the upload's count).
   */
  public Future<Void> append(Path staged, long offset, Path chunk) {
    return vertx.executeBlocking(() -> {
      try (FileChannel out = FileChannel.open(staged, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileChannel in = FileChannel.open(chunk, StandardOpenOption.READ)) {
        out.truncate(offset);
        long size = in.size();
        for (long moved = 0; moved < size; ) {
          moved += out.transferFrom(in, offset + moved, size - moved);
        }
      }
      return null;
    }, false);
  }

  /**
   * SHA-256 of the staged file, lower-case hex, computed on a worker thread; the file is forced to
   * disk as well, so that a file answered {@code complete} survives a crash.
   */
  public Future<String> sha256(Path file) {
    return vertx.executeBlocking(() -> {
      MessageDigest digest = digest();
      byte[] buffer = new byte[64 * 1024];
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
           InputStream in = Channels.newInputStream(channel)) {
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          digest.update(buffer, 0, read);
        }
        channel.force(true);
      }
      return HexFormat.of().formatHex(digest.digest());
    }, false);
  }

  /** Removes the staged file; succeeds when it was not there. */
  public Future<Void> discard(Path file) {
    return fs.exists(file.toString()).compose(exists -> exists ? fs.delete(file.toString()) : Future.succeededFuture());
  }

  /** Removes staged files untouched for longer than {@code age}; answers how many went. */
  public Future<Integer> discardOlderThan(Duration age) {
    long cutoff = Instant.now().minus(age).toEpochMilli();
    return fs.exists(dir.toString()).compose(exists -> {
      if (!exists) {
        return Future.succeededFuture(0);
      }
      return fs.readDir(dir.toString()).compose(files -> {
        Future<Integer> removed = Future.succeededFuture(0);
        for (String file : files) {
          removed = removed.compose(count -> fs.props(file)
              .compose(props -> props.lastModifiedTime() < cutoff
                  ? fs.delete(file).map(deleted -> count + 1)
                  : Future.succeededFuture(count))
              .recover(gone -> Future.succeededFuture(count)));
        }
        return removed;
      });
    });
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
