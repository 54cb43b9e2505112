package org.inspectsync.server.records;

import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The SQL that writes and reads synced records, generated from their {@link RecordSchema}.
 * Change tracking (txid, change_seq, version) is stamped by the {@code stamp_change} trigger,
 * so no writer can forget it.
 */
public final class RecordSql {

  /** One statement to run, in order, inside the batch's transaction. */
  public record Statement(String sql, Tuple params) {
  }

  private static final String INSERT_CHECKLIST = """
      INSERT INTO market_check_items (check_id, position, item_code, result, remark)
      SELECT $1, item.position, item.value->>'code', item.value->>'result', item.value->>'remark'
      FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS item(value, position)
      """;
  private static final String DELETE_CHECKLIST = "DELETE FROM market_check_items WHERE check_id = $1";

  private RecordSql() {
  }

  /** A decoded value as its column takes it: a set of hashes is a text[]; everything else binds as it is. */
  public static Object columnValue(Field field, Object value) {
    if (field.kind() == FieldKind.HASHES && value instanceof JsonArray hashes) {
      return hashes.stream().map(Object::toString).toArray(String[]::new);
    }
    return value;
  }

  /** Inserts a record with exactly the given columns; absent columns take their defaults. */
  public static Statement insert(RecordSchema schema, Map<String, Object> columns) {
    List<String> names = new ArrayList<>(columns.keySet());
    String placeholders = placeholders(1, names.size());
    String sql = "INSERT INTO " + schema.table() + " (" + String.join(", ", names) + ") VALUES (" + placeholders + ")";
    return new Statement(sql, Tuple.wrap(new ArrayList<>(columns.values())));
  }

  /** Sets the given columns of one record. */
  public static Statement update(RecordSchema schema, UUID id, Map<String, Object> columns) {
    List<String> sets = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    params.add(id);
    for (Map.Entry<String, Object> column : columns.entrySet()) {
      params.add(column.getValue());
      sets.add(column.getKey() + " = $" + params.size());
    }
    String sql = "UPDATE " + schema.table() + " SET " + String.join(", ", sets) + " WHERE id = $1";
    return new Statement(sql, Tuple.wrap(params));
  }

  /** Marks a record deleted, leaving a tombstone for pull to deliver. */
  public static Statement delete(RecordSchema schema, UUID id, UUID actor) {
    return new Statement("UPDATE " + schema.table() + " SET deleted = true, updated_by = $2 WHERE id = $1",
        Tuple.of(id, actor));
  }

  public static List<Statement> replaceChecklist(UUID checkId, JsonArray items, boolean isNew) {
    List<Statement> statements = new ArrayList<>(2);
    if (!isNew) {
      statements.add(new Statement(DELETE_CHECKLIST, Tuple.of(checkId)));
    }
    if (!items.isEmpty()) {
      statements.add(new Statement(INSERT_CHECKLIST, Tuple.of(checkId, items)));
    }
    return statements;
  }

  /**
   * A query for one table's changes in a station, in change order: params $1 station, $2/$3 the
   * position after which to read (txid as text, change_seq), $4 the horizon txid (text) below
   * which every transaction has ended, $5 the page size, $6 an inspector to restrict
   * assignments to (or null): those they are or were ever on, so that taking them off reaches them.
   */
  public static String changesSince(RecordSchema schema) {
    String data = dataFields(schema);
    String restrict = schema.table().equals("assignments") ? " AND ($6::uuid IS NULL OR $6 = ANY (t.ever_assigned))" : "";
    // Ordered by the xid8 column itself: its text form would sort "1000" before "999".
    return "(SELECT '" + schema.type().wireName() + "' AS type, t.id, t.version, t.deleted, t.txid,"
        + " t.txid::text AS txid_text, t.change_seq,"
        + " CASE WHEN t.deleted THEN NULL ELSE json_build_object(" + data + ") END AS data"
        + " FROM " + schema.table() + " t"
        + " WHERE t.station_id = $1 AND (t.txid, t.change_seq) > ($2::text::xid8, $3) AND t.txid < $4::text::xid8"
        + restrict
        + " ORDER BY t.txid, t.change_seq LIMIT $5)";
  }

  /** The record's fields as pull shows them, as arguments of json_build_object over table alias t. */
  public static String dataFields(RecordSchema schema) {
    return schema.fields().stream()
        .map(field -> "'" + field.name() + "', " + outputExpression(field))
        .collect(Collectors.joining(", "));
  }

  private static String outputExpression(Field field) {
    if (field.kind() == FieldKind.CHECKLIST) {
      return "COALESCE((SELECT json_agg(json_build_object('code', i.item_code, 'result', i.result, 'remark', i.remark)"
          + " ORDER BY i.position) FROM market_check_items i WHERE i.check_id = t.id), '[]'::json)";
    }
    return "t." + field.column();
  }

  private static String placeholders(int from, int count) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "" : ", ").append('$').append(from + i);
    }
    return sql.toString();
  }
}
