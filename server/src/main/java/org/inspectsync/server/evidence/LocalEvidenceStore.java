package org.inspectsync.server.evidence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Evidence on local disk, under {@code <dir>/ab/cd/<hash>} (two levels of fan-out keep
 * directories small). A file is moved in under a temporary name beside its final one and then
 * renamed, which is atomic within a directory: a reader never sees part of a file.
 */
public final class LocalEvidenceStore implements EvidenceStore {

  private final FileSystem fs;
  private final Path dir;

  public LocalEvidenceStore(Vertx vertx, Path dir) {
    this.fs = vertx.fileSystem();
    this.dir = dir;
  }

  /** Where the file of this hash is (or would be). */
  public Path path(String sha256) {
    return dir.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  @Override
  public Future<Boolean> has(String sha256) {
    return fs.exists(path(sha256).toString());
  }

  @Override
  public Future<Void> put(String sha256, Path verified) {
    Path target = path(sha256);
    // Moved beside the target first (a copy if the staging area is on another disk), then renamed.
    String temporary = target.resolveSibling(sha256 + ".tmp-" + UUID.randomUUID()).toString();
    return fs.mkdirs(target.getParent().toString())
        .compose(made -> fs.move(verified.toString(), temporary, new CopyOptions().setReplaceExisting(true)))
        .compose(moved -> fs.move(temporary, target.toString(),
            new CopyOptions().setAtomicMove(true).setReplaceExisting(true)));
  }

  @Override
  public Future<Opened> open(String sha256) {
    return fs.open(path(sha256).toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .map(file -> new Opened() {
          @Override
          public ReadStream<Buffer> content() {
            return file;
          }

          @Override
          public Future<Void> close() {
            return closeQuietly(file);
          }
        });
  }

  @Override
  public Future<Void> delete(String sha256) {
    String path = path(sha256).toString();
    return fs.exists(path).compose(exists -> exists ? fs.delete(path) : Future.succeededFuture());
  }

  private static Future<Void> closeQuietly(AsyncFile file) {
    return file.close().otherwiseEmpty();
  }
}
