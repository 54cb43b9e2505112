package org.inspectsync.server.sync;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.conflicts.Author;
import org.inspectsync.server.conflicts.ConflictRecord;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.identity.DeviceRefusal;
import org.inspectsync.server.notices.NoticeNumbers;
import org.inspectsync.server.notices.NumberBlock;
import org.inspectsync.server.records.Field;
import org.inspectsync.server.records.FieldKind;
import org.inspectsync.server.records.RecordSchema;
import org.inspectsync.server.records.RecordSql;

/** The SQL of the push path: the device's counter, its recorded rejections, and the records a batch touches. */
final class SyncRepository {

  /** The device's counter, locked until the batch's transaction ends. */
  record DeviceState(long lastSeq, Long lastTxid) {
  }

  private static final String LOCK_DEVICE = """
      INSERT INTO devices (id, user_id) VALUES ($1, $2)
      ON CONFLICT (id) DO UPDATE SET last_seen_at = now(),
        outbox_age_seconds = CASE WHEN $3::integer IS NULL THEN devices.outbox_age_seconds ELSE nullif($3::integer, 0) END,
        outbox_reported_at = CASE WHEN $3::integer IS NULL THEN devices.outbox_reported_at ELSE now() END
      WHERE devices.user_id = excluded.user_id AND devices.revoked_at IS NULL
      RETURNING last_seq, last_txid::text AS last_txid
      """;
  private static final String ADVANCE_DEVICE = """
      UPDATE devices SET last_seq = $2, last_txid = pg_current_xact_id()
      WHERE id = $1
      RETURNING last_txid::text AS last_txid
      """;
  private static final String RECORDED_OUTCOMES = """
      SELECT seq, status, code, field, message, conflict_fields FROM mutation_outcomes
      WHERE device_id = $1 AND seq BETWEEN $2 AND $3
      """;
  private static final String RECORD_OUTCOME = """
      INSERT INTO mutation_outcomes (device_id, seq, status, code, field, message, conflict_fields)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      """;
  private static final String RECORD_CONFLICT = """
      INSERT INTO conflicts (id, station_id, record_type, record_id, kind, field, lost_value, lost_by, lost_device,
                             lost_seq, lost_device_time)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      ON CONFLICT (id) DO NOTHING
      """;
  private static final String RETRACT_CONFLICT = "DELETE FROM conflicts WHERE id = $1 AND status = 'open'";
  private static final String LEASED_BLOCKS = """
      SELECT year, first, last FROM notice_number_blocks WHERE device_id = $1 AND station_id = $2
      """;
  private static final String USED_NUMBERS = """
      SELECT notice_number FROM rectification_notices WHERE station_id = $1 AND notice_number = ANY ($2)
      """;
  /** Per record type: what the planner needs of a row; targets of the batch are read FOR UPDATE. */
  private static final Map<RecordType, String> KNOWN = new EnumMap<>(RecordType.class);
  private static final Map<RecordType, String> KNOWN_LOCKED = new EnumMap<>(RecordType.class);

  static {
    for (RecordType type : RecordType.values()) {
      String entity = switch (type) {
        case CHECK, FINDING, NOTICE -> "entity_id";
        default -> "NULL::uuid";
      };
      String status = switch (type) {
        case ASSIGNMENT, FINDING, NOTICE -> "status";
        default -> "NULL::text";
      };
      // Everyone an assignment was ever for: work an inspector did offline before being taken off is kept.
      String assignees = type == RecordType.ASSIGNMENT ? "ever_assigned" : "NULL::uuid[]";
      String select = "SELECT id, station_id, deleted, " + entity + " AS entity_id, " + status + " AS status, "
          + assignees + " AS assignees, version";
      String from = " FROM " + RecordSchema.of(type).table() + " t WHERE id = ANY ($1)";
      KNOWN.put(type, select + from);
      // The records the batch writes come with their values and merge states, locked in id order so
      // that two batches touching the same records queue rather than deadlock.
      KNOWN_LOCKED.put(type, select + ", json_build_object(" + RecordSql.dataFields(RecordSchema.of(type))
          + ") AS data, field_stamps" + from + " ORDER BY id FOR UPDATE");
    }
  }

  private SyncRepository() {
  }

  /** Also keeps what the phone reported of its outbox (null: it did not say; 0: empty). */
  static Future<DeviceState> lockDevice(SqlConnection conn, String deviceId, UUID userId, Integer outboxAge) {
    return conn.preparedQuery(LOCK_DEVICE).execute(Tuple.of(deviceId, userId, outboxAge)).compose(rows -> {
      if (rows.size() == 0) {
        // Revoked while the batch was on its way (the request's own check came first), or another
        // user's device: either way nothing of the batch is applied.
        return DeviceRefusal.of(conn, deviceId, null).compose(Future::failedFuture);
      }
      Row row = rows.iterator().next();
      String txid = row.getString("last_txid");
      return Future.succeededFuture(new DeviceState(row.getLong("last_seq"), txid == null ? null : Long.parseLong(txid)));
    });
  }

  /** Moves the device's counter to {@code lastSeq}; answers the id of this transaction. */
  static Future<Long> advanceDevice(SqlConnection conn, String deviceId, long lastSeq) {
    return conn.preparedQuery(ADVANCE_DEVICE).execute(Tuple.of(deviceId, lastSeq))
        .map(rows -> Long.parseLong(rows.iterator().next().getString("last_txid")));
  }

  /** The answers recorded for this device's mutations {@code from}..{@code to} that were not plain applications. */
  static Future<Map<Long, MutationResult>> recordedOutcomes(SqlConnection conn, String deviceId, long from, long to) {
    return conn.preparedQuery(RECORDED_OUTCOMES).execute(Tuple.of(deviceId, from, to)).map(rows -> {
      Map<Long, MutationResult> outcomes = new HashMap<>();
      for (Row row : rows) {
        long seq = row.getLong("seq");
        String[] conflicts = row.getArrayOfStrings("conflict_fields");
        outcomes.put(seq, switch (MutationResult.Status.valueOf(row.getString("status"))) {
          case applied -> MutationResult.applied(seq, conflicts == null ? List.of() : List.of(conflicts));
          case rejected -> MutationResult.rejected(seq, row.getString("code"), row.getString("field"),
              row.getString("message"));
          case parked -> MutationResult.parked(seq, row.getString("field"), row.getString("message"));
        });
      }
      return outcomes;
    });
  }

  static Future<Void> recordOutcomes(SqlConnection conn, String deviceId, List<MutationResult> outcomes) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(outcomes.size());
    for (MutationResult result : outcomes) {
      rows.add(Tuple.of(deviceId, result.seq(), result.status().name(), result.code(), result.field(), result.message(),
          result.conflicts() == null ? null : result.conflicts().toArray(String[]::new)));
    }
    return conn.preparedQuery(RECORD_OUTCOME).executeBatch(rows).mapEmpty();
  }

  /** Keeps the values that lost for review, and drops those that won again. */
  static Future<Void> recordConflicts(SqlConnection conn, UUID stationId, List<ConflictRecord> conflicts,
      List<UUID> retractions) {
    List<Future<?>> writes = new ArrayList<>(2);
    if (!conflicts.isEmpty()) {
      List<Tuple> rows = new ArrayList<>(conflicts.size());
      for (ConflictRecord conflict : conflicts) {
        Author lost = conflict.lost();
        rows.add(Tuple.tuple()
            .addUUID(conflict.id()).addUUID(stationId).addString(conflict.type().wireName())
            .addUUID(conflict.recordId()).addString(conflict.kind()).addString(conflict.field())
            .addValue(conflict.lostValue())
            .addUUID(lost.userId()).addString(lost.deviceId()).addLong(lost.seq())
            .addOffsetDateTime(lost.deviceTime() == null ? null : OffsetDateTime.parse(lost.deviceTime())));
      }
      writes.add(conn.preparedQuery(RECORD_CONFLICT).executeBatch(rows));
    }
    if (!retractions.isEmpty()) {
      writes.add(conn.preparedQuery(RETRACT_CONFLICT).executeBatch(retractions.stream().map(Tuple::of).toList()));
    }
    return Future.all(writes).mapEmpty();
  }

  /** The device's leased notice numbers and which of the batch's numbers are taken, for the planner. */
  static Future<NoticeNumbers> noticeNumbers(SqlConnection conn, String deviceId, UUID stationId,
      List<DecodedMutation> batch) {
    Field numberField = RecordSchema.of(RecordType.NOTICE).field("noticeNumber");
    String[] numbers = batch.stream()
        .filter(mutation -> !mutation.isRejected() && mutation.type() == RecordType.NOTICE)
        .map(mutation -> (String) mutation.values().get(numberField))
        .filter(Objects::nonNull)
        .toArray(String[]::new);
    if (numbers.length == 0) {
      return Future.succeededFuture(NoticeNumbers.none());
    }
    Future<RowSet<Row>> blocks = conn.preparedQuery(LEASED_BLOCKS).execute(Tuple.of(deviceId, stationId));
    Future<RowSet<Row>> used = conn.preparedQuery(USED_NUMBERS).execute(Tuple.of(stationId).addArrayOfString(numbers));
    return Future.all(blocks, used).map(done -> {
      List<NumberBlock> leased = new ArrayList<>();
      blocks.result().forEach(row -> leased.add(new NumberBlock(row.getInteger("year"), row.getInteger("first"),
          row.getInteger("last"))));
      Set<String> taken = new HashSet<>();
      used.result().forEach(row -> taken.add(row.getString("notice_number")));
      return new NoticeNumbers(leased, taken);
    });
  }

  /**
   * Fetches every record the batch names, pipelined in one round trip. The records it will write
   * are locked until commit, so that rules decided on what was read (a status moving forward,
   * a record still live) still hold when the write lands.
   */
  static Future<Map<KnownRecord.Key, KnownRecord>> knownRecords(SqlConnection conn, List<DecodedMutation> batch) {
    Map<RecordType, Set<UUID>> targets = new EnumMap<>(RecordType.class);
    Map<RecordType, Set<UUID>> references = new EnumMap<>(RecordType.class);
    for (RecordType type : RecordType.values()) {
      targets.put(type, new TreeSet<>());
      references.put(type, new TreeSet<>());
    }
    for (DecodedMutation mutation : batch) {
      if (mutation.isRejected()) {
        continue;
      }
      targets.get(mutation.type()).add(mutation.id());
      for (Map.Entry<Field, Object> value : mutation.values().entrySet()) {
        if (value.getKey().kind() == FieldKind.REFERENCE && value.getValue() != null) {
          references.get(value.getKey().references()).add((UUID) value.getValue());
        } else if (value.getKey().kind() == FieldKind.SUPERSEDES && value.getValue() != null) {
          // A new version of a document marks the old one superseded: it is written, so locked.
          targets.get(value.getKey().references()).add((UUID) value.getValue());
        }
      }
    }
    List<Future<RowSet<Row>>> reads = new ArrayList<>();
    List<RecordType> readTypes = new ArrayList<>();
    for (RecordType type : RecordType.values()) {
      references.get(type).removeAll(targets.get(type));
      if (!references.get(type).isEmpty()) {
        reads.add(conn.preparedQuery(KNOWN.get(type)).execute(Tuple.of(references.get(type).toArray(UUID[]::new))));
        readTypes.add(type);
      }
      if (!targets.get(type).isEmpty()) {
        reads.add(conn.preparedQuery(KNOWN_LOCKED.get(type)).execute(Tuple.of(targets.get(type).toArray(UUID[]::new))));
        readTypes.add(type);
      }
    }
    return Future.all(reads).map(done -> {
      Map<KnownRecord.Key, KnownRecord> known = new HashMap<>();
      for (int i = 0; i < reads.size(); i++) {
        for (Row row : reads.get(i).result()) {
          boolean locked = row.getColumnIndex("data") >= 0;
          KnownRecord record = new KnownRecord(readTypes.get(i), row.getUUID("id"), row.getUUID("station_id"),
              row.getBoolean("deleted"), row.getUUID("entity_id"), row.getString("status"), assignees(row),
              row.getInteger("version"), locked ? (JsonObject) row.getValue("data") : new JsonObject(),
              locked ? (JsonObject) row.getValue("field_stamps") : new JsonObject());
          known.put(record.key(), record);
        }
      }
      return known;
    });
  }

  private static List<UUID> assignees(Row row) {
    UUID[] ids = row.getArrayOfUUIDs("assignees");
    return ids == null ? List.of() : List.of(ids);
  }
}
