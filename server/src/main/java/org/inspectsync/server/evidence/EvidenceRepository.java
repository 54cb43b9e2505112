package org.inspectsync.server.evidence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The SQL of evidence: files, uploads in progress, daily usage, the records that name a hash. */
final class EvidenceRepository {

  /** What the server holds of a hash for one device: a stored file, an upload in progress, or nothing. */
  record Status(boolean stored, Long size, long received) {
  }

  /** A stored file's length and type. */
  record StoredFile(long size, String mediaType) {
  }

  /** Record tables that name evidence, and whether they have a signature. */
  private static final List<String[]> TABLES = List.of(
      new String[] {"market_checks", "signature"},
      new String[] {"hazard_findings", null},
      new String[] {"rectification_notices", "signature"});

  private static final String STATUS = """
      SELECT f.stored_at IS NOT NULL AS stored, f.size AS stored_size, u.size, u.received
      FROM (SELECT $1::text AS sha256) k
      LEFT JOIN evidence_files f ON f.sha256 = k.sha256
      LEFT JOIN evidence_uploads u ON u.sha256 = k.sha256 AND u.device_id = $2
      """;
  private static final String USED_TODAY = "SELECT coalesce((SELECT bytes FROM evidence_usage WHERE device_id = $1"
      + " AND day = " + today("$2") + "), 0) AS used";
  /** A whole chunk arrived: the upload moves on, unless another request moved it first. */
  private static final String ADVANCE = """
      INSERT INTO evidence_uploads AS u (device_id, sha256, size, received, media_type)
      VALUES ($1, $2, $3, $5, $6)
      ON CONFLICT (device_id, sha256) DO UPDATE
        SET received = excluded.received, size = excluded.size,
            media_type = coalesce(excluded.media_type, u.media_type), updated_at = now()
      WHERE u.received = $4
      RETURNING received, media_type
      """;
  private static final String FORGET_UPLOAD = "DELETE FROM evidence_uploads WHERE device_id = $1 AND sha256 = $2";
  private static final String PLACE_FILE = "INSERT INTO evidence_files (sha256) VALUES ($1) ON CONFLICT (sha256) DO NOTHING";
  private static final String LOCK_FILE = "SELECT stored_at IS NOT NULL AS stored FROM evidence_files WHERE sha256 = $1 FOR UPDATE";
  private static final String MARK_STORED = """
      UPDATE evidence_files SET size = $2, media_type = $3, stored_at = now() WHERE sha256 = $1 AND stored_at IS NULL
      """;
  private static final String ADD_USAGE = "INSERT INTO evidence_usage AS u (device_id, day, bytes) VALUES ($1, "
      + today("$2") + ", $3) ON CONFLICT (device_id, day) DO UPDATE SET bytes = u.bytes + excluded.bytes";
  private static final String STORED = "SELECT size, media_type FROM evidence_files WHERE sha256 = $1 AND stored_at IS NOT NULL";
  private static final String STORED_IN_SCOPE = STORED + " AND (" + TABLES.stream()
      .map(table -> "EXISTS (SELECT 1 FROM " + table[0] + " t"
          + " WHERE ((cardinality(t.photos) > 0 AND t.photos @> ARRAY[$1])"
          + (table[1] == null ? "" : " OR t.signature = $1") + ") AND NOT t.deleted"
          + " AND t.station_id IN (SELECT id FROM unit_subtree($2)))")
      .collect(Collectors.joining(" OR ")) + ")";
  /**
   * Writing evidence_pending makes its trigger look again, and stamp_change hands the record to
   * every next pull. Found by the hash (the photos index), not by the pending flag: many records
   * may wait for files at once.
   */
  private static final List<String> REFRESH = TABLES.stream()
      .map(table -> "UPDATE " + table[0] + " SET evidence_pending = evidence_pending WHERE evidence_pending AND"
          + " ((cardinality(photos) > 0 AND photos @> ARRAY[$1])" + (table[1] == null ? "" : " OR signature = $1") + ")")
      .toList();
  /** Records left pending although all their files are stored (a refresh that never ran). */
  private static final List<String> REPAIR = TABLES.stream()
      .map(table -> "UPDATE " + table[0] + " t SET evidence_pending = evidence_pending WHERE evidence_pending"
          + " AND NOT EXISTS (SELECT 1 FROM evidence_files f WHERE f.stored_at IS NULL AND (f.sha256 = ANY (t.photos)"
          + (table[1] == null ? "" : " OR f.sha256 = t.signature") + "))")
      .toList();
  private static final String LINK_KEY = """
      WITH made AS (INSERT INTO evidence_link_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING key)
      SELECT key FROM made UNION ALL SELECT key FROM evidence_link_key
      """;

  private EvidenceRepository() {
  }

  /** Today in the time zone of the station {@code station} names (UTC if it has none). */
  private static String today(String station) {
    return "(now() AT TIME ZONE coalesce((SELECT time_zone FROM org_units WHERE id = " + station
        + "::uuid), 'UTC'))::date";
  }

  static Future<Status> status(SqlClient sql, String sha256, String deviceId) {
    return sql.preparedQuery(STATUS).execute(Tuple.of(sha256, deviceId)).map(rows -> {
      Row row = rows.iterator().next();
      if (Boolean.TRUE.equals(row.getBoolean("stored"))) {
        long size = row.getLong("stored_size");
        return new Status(true, size, size);
      }
      Long received = row.getLong("received");
      return new Status(false, row.getLong("size"), received == null ? 0 : received);
    });
  }

  static Future<Long> usedToday(SqlClient sql, String deviceId, UUID station) {
    return sql.preparedQuery(USED_TODAY).execute(Tuple.of(deviceId, station))
        .map(rows -> rows.iterator().next().getLong("used"));
  }

  /**
   * Records that the upload now holds {@code received} bytes, if it held {@code from} (a first
   * chunk starts or restarts it). Answers the media type read from its first chunk, or null when
   * another request moved the upload meanwhile.
   */
  record Advanced(String mediaType) {
  }

  static Future<Advanced> advance(SqlClient sql, String deviceId, String sha256, long size, long from, long received,
      String mediaType) {
    return sql.preparedQuery(ADVANCE).execute(Tuple.of(deviceId, sha256, size, from, received, mediaType))
        .map(rows -> rows.size() == 0 ? null : new Advanced(rows.iterator().next().getString("media_type")));
  }

  static Future<Void> forgetUpload(SqlClient sql, String deviceId, String sha256) {
    return sql.preparedQuery(FORGET_UPLOAD).execute(Tuple.of(deviceId, sha256)).mapEmpty();
  }

  /**
   * In a transaction: the hash's row, locked, so that a sweep deleting it and another upload
   * completing it wait; answers whether the file is stored already.
   */
  static Future<Boolean> lockFile(SqlConnection conn, String sha256) {
    return conn.preparedQuery(PLACE_FILE).execute(Tuple.of(sha256))
        .compose(placed -> conn.preparedQuery(LOCK_FILE).execute(Tuple.of(sha256)))
        .map(rows -> rows.iterator().next().getBoolean("stored"));
  }

  /** The file is in the store: its row says so, and the uploading device's day counts its bytes. */
  static Future<Void> markStored(SqlConnection conn, String sha256, long size, String mediaType, String deviceId,
      UUID station) {
    return conn.preparedQuery(MARK_STORED).execute(Tuple.of(sha256, size, mediaType))
        .compose(marked -> conn.preparedQuery(ADD_USAGE).execute(Tuple.of(deviceId, station, size)))
        .compose(counted -> conn.preparedQuery(FORGET_UPLOAD).execute(Tuple.of(deviceId, sha256)))
        .mapEmpty();
  }

  /** The stored file, or null when it is not stored. */
  static Future<StoredFile> stored(SqlClient sql, String sha256) {
    return sql.preparedQuery(STORED).execute(Tuple.of(sha256)).map(EvidenceRepository::storedFile);
  }

  /** The stored file, if a live record of the unit or below names it; otherwise null. */
  static Future<StoredFile> storedInScope(SqlClient sql, String sha256, UUID unit) {
    return sql.preparedQuery(STORED_IN_SCOPE).execute(Tuple.of(sha256, unit)).map(EvidenceRepository::storedFile);
  }

  private static StoredFile storedFile(io.vertx.sqlclient.RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new StoredFile(row.getLong("size"), row.getString("media_type"));
  }

  /** Re-stamps the pending records that name the hash, so they reach every next pull without "pending". */
  static Future<Void> refreshPending(Pool pool, String sha256) {
    return pool.withTransaction(conn -> Future.all(REFRESH.stream()
        .map(sql -> conn.preparedQuery(sql).execute(Tuple.of(sha256)))
        .toList()).mapEmpty());
  }

  /** Re-stamps every record still pending although all its files are stored; answers how many. */
  static Future<Integer> repairPending(Pool pool) {
    Future<Integer> repaired = Future.succeededFuture(0);
    for (String sql : REPAIR) {
      repaired = repaired.compose(count -> pool.query(sql).execute().map(rows -> count + rows.rowCount()));
    }
    return repaired;
  }

  /** The key that signs evidence links: made once, kept in the database, the same for every instance. */
  static Future<byte[]> linkKey(Pool pool) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    return pool.preparedQuery(LINK_KEY).execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(fresh)))
        .map(rows -> rows.iterator().next().getBuffer("key").getBytes());
  }

  static Stream<String> tables() {
    return TABLES.stream().map(table -> table[0]);
  }
}
