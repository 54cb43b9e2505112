package org.inspectsync.server.sync;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.records.Field;
import org.inspectsync.server.records.FieldKind;
import org.inspectsync.server.records.Rejection;

/** The SQL of the push path: the device's counter, its recorded rejections, and the records a batch touches. */
final class SyncRepository {

  /** The device's counter, locked until the batch's transaction ends. */
  record DeviceState(long lastSeq, Long lastTxid) {
  }

  private static final String LOCK_DEVICE = """
      INSERT INTO devices (id, user_id) VALUES ($1, $2)
      ON CONFLICT (id) DO UPDATE SET last_seen_at = now()
      RETURNING last_seq, last_txid::text AS last_txid
      """;
  private static final String ADVANCE_DEVICE = """
      UPDATE devices SET last_seq = $2, last_txid = pg_current_xact_id()
      WHERE id = $1
      RETURNING last_txid::text AS last_txid
      """;
  private static final String RECORDED_REJECTIONS = """
      SELECT seq, code, field, message FROM mutation_rejections
      WHERE device_id = $1 AND seq BETWEEN $2 AND $3
      """;
  private static final String RECORD_REJECTION = """
      INSERT INTO mutation_rejections (device_id, seq, code, field, message) VALUES ($1, $2, $3, $4, $5)
      """;
  private static final String KNOWN_RECORDS = """
      SELECT 'entity' AS type, id, station_id, deleted, NULL::uuid AS entity_id, NULL AS status, NULL::uuid AS owner_id
        FROM business_entities WHERE id = ANY($1)
      UNION ALL
      SELECT 'assignment', id, station_id, deleted, NULL, status, inspector_id FROM assignments WHERE id = ANY($2)
      UNION ALL
      SELECT 'check', id, station_id, deleted, entity_id, NULL, NULL FROM market_checks WHERE id = ANY($3)
      UNION ALL
      SELECT 'finding', id, station_id, deleted, entity_id, status, NULL FROM hazard_findings WHERE id = ANY($4)
      UNION ALL
      SELECT 'notice', id, station_id, deleted, entity_id, status, NULL FROM rectification_notices WHERE id = ANY($5)
      """;

  private SyncRepository() {
  }

  static Future<DeviceState> lockDevice(SqlConnection conn, String deviceId, UUID userId) {
    return conn.preparedQuery(LOCK_DEVICE).execute(Tuple.of(deviceId, userId)).map(rows -> {
      Row row = rows.iterator().next();
      String txid = row.getString("last_txid");
      return new DeviceState(row.getLong("last_seq"), txid == null ? null : Long.parseLong(txid));
    });
  }

  /** Moves the device's counter to {@code lastSeq}; answers the id of this transaction. */
  static Future<Long> advanceDevice(SqlConnection conn, String deviceId, long lastSeq) {
    return conn.preparedQuery(ADVANCE_DEVICE).execute(Tuple.of(deviceId, lastSeq))
        .map(rows -> Long.parseLong(rows.iterator().next().getString("last_txid")));
  }

  static Future<Map<Long, Rejection>> recordedRejections(SqlConnection conn, String deviceId, long from, long to) {
    return conn.preparedQuery(RECORDED_REJECTIONS).execute(Tuple.of(deviceId, from, to)).map(rows -> {
      Map<Long, Rejection> rejections = new HashMap<>();
      for (Row row : rows) {
        rejections.put(row.getLong("seq"), new Rejection(ErrorCode.valueOf(row.getString("code")),
            row.getString("field"), row.getString("message")));
      }
      return rejections;
    });
  }

  static Future<Void> recordRejections(SqlConnection conn, String deviceId, List<BatchPlanner.Rejected> rejected) {
    if (rejected.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(rejected.size());
    for (BatchPlanner.Rejected r : rejected) {
      rows.add(Tuple.of(deviceId, r.seq(), r.rejection().code().name(), r.rejection().field(), r.rejection().message()));
    }
    return conn.preparedQuery(RECORD_REJECTION).executeBatch(rows).mapEmpty();
  }

  /** Fetches, in one query, every record the batch names: its targets and what they refer to. */
  static Future<Map<KnownRecord.Key, KnownRecord>> knownRecords(SqlConnection conn, List<DecodedMutation> batch) {
    Map<RecordType, List<UUID>> ids = new EnumMap<>(RecordType.class);
    for (RecordType type : RecordType.values()) {
      ids.put(type, new ArrayList<>());
    }
    for (DecodedMutation mutation : batch) {
      if (mutation.isRejected()) {
        continue;
      }
      ids.get(mutation.type()).add(mutation.id());
      for (Map.Entry<Field, Object> value : mutation.values().entrySet()) {
        if (value.getKey().kind() == FieldKind.REFERENCE && value.getValue() != null) {
          ids.get(value.getKey().references()).add((UUID) value.getValue());
        }
      }
    }
    Tuple params = Tuple.tuple();
    for (RecordType type : List.of(RecordType.ENTITY, RecordType.ASSIGNMENT, RecordType.CHECK, RecordType.FINDING,
        RecordType.NOTICE)) {
      params.addArrayOfUUID(ids.get(type).toArray(UUID[]::new));
    }
    return conn.preparedQuery(KNOWN_RECORDS).execute(params).map(rows -> {
      Map<KnownRecord.Key, KnownRecord> known = new HashMap<>();
      for (Row row : rows) {
        KnownRecord record = new KnownRecord(RecordType.fromWire(row.getString("type")), row.getUUID("id"),
            row.getUUID("station_id"), row.getBoolean("deleted"), row.getUUID("entity_id"), row.getString("status"),
            row.getUUID("owner_id"));
        known.put(record.key(), record);
      }
      return known;
    });
  }
}
