package org.inspectsync.server.evidence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.inspectsync.server.Config;

/**
 * Deletes what evidence no longer needs: files that no live record names once their grace period
 * is over (a photo may arrive days before its record), uploads that stopped making progress, and
 * old daily counts. A file another live record still names is never touched. Also re-stamps
 * records left "pending" although every file they name is stored. Several servers may sweep.
 */
public final class EvidenceSweeper {

  /** What one sweep did. */
  public record Swept(int files, int uploads, int repaired) {
  }

  private static final int BATCH = 500;
  private static final String CANDIDATES = """
      SELECT sha256 FROM evidence_files
      WHERE created_at < now() - make_interval(secs => $1) AND NOT evidence_referenced(sha256)
      LIMIT $2
      """;
  private static final String LOCK = "SELECT 1 FROM evidence_files WHERE sha256 = $1 FOR UPDATE";
  /** A new statement, after the lock: it sees every record committed by writers that held the row. */
  private static final String STILL_UNREFERENCED = "SELECT NOT evidence_referenced($1) AS unreferenced";
  private static final String DELETE = "DELETE FROM evidence_files WHERE sha256 = $1";
  private static final String STALE_UPLOADS = """
      DELETE FROM evidence_uploads WHERE updated_at < now() - make_interval(secs => $1)
      """;
  private static final String OLD_USAGE = "DELETE FROM evidence_usage WHERE day < current_date - 2";

  private final Pool pool;
  private final EvidenceStore store;
  private final Staging staging;
  private final Config.Evidence config;

  public EvidenceSweeper(Pool pool, EvidenceStore store, Staging staging, Config.Evidence config) {
    this.pool = pool;
    this.store = store;
    this.staging = staging;
    this.config = config;
  }

  public Future<Swept> sweep() {
    return pool.preparedQuery(CANDIDATES).execute(Tuple.of((double) config.unreferencedGrace().toSeconds(), BATCH))
        .compose(rows -> {
          List<String> hashes = new ArrayList<>();
          for (Row row : rows) {
            hashes.add(row.getString("sha256"));
          }
          Future<Integer> deleted = Future.succeededFuture(0);
          for (String hash : hashes) {
            deleted = deleted.compose(count -> deleteIfUnreferenced(hash).map(gone -> gone ? count + 1 : count));
          }
          return deleted;
        })
        .compose(files -> pool.preparedQuery(STALE_UPLOADS).execute(Tuple.of((double) config.staleUploads().toSeconds()))
            .compose(uploads -> staging.discardOlderThan(config.staleUploads())
                .compose(stagedFiles -> pool.query(OLD_USAGE).execute())
                .compose(usage -> EvidenceRepository.repairPending(pool))
                .map(repaired -> new Swept(files, uploads.rowCount(), repaired))));
  }

  /**
   * The file goes with its row, in the transaction that holds the row: an upload completing the
   * same hash waits, and so does a record naming it (its trigger takes the row FOR SHARE).
   */
  private Future<Boolean> deleteIfUnreferenced(String hash) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(hash))
        .compose(locked -> locked.size() == 0
            ? Future.succeededFuture(false)
            : conn.preparedQuery(STILL_UNREFERENCED).execute(Tuple.of(hash)).compose(rows -> {
              if (!rows.iterator().next().getBoolean("unreferenced")) {
                return Future.succeededFuture(false);
              }
              return store.delete(hash).compose(removed -> conn.preparedQuery(DELETE).execute(Tuple.of(hash)))
                  .map(true);
            })));
  }
}
