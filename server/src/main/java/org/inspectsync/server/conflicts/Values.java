package org.inspectsync.server.conflicts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.inspectsync.server.records.FieldKind;

/**
 * Field values in their JSON form, as pull shows them and conflict records keep them, and when
 * two of them are the same value.
 */
public final class Values {

  private Values() {
  }

  /** The JSON form of a decoded value (see {@link org.inspectsync.server.records.FieldDecoder}). */
  public static Object toJson(Object decoded) {
    if (decoded == null || decoded instanceof String || decoded instanceof Number || decoded instanceof Boolean
        || decoded instanceof JsonArray || decoded instanceof JsonObject) {
      return decoded;
    }
    return decoded.toString();
  }

  /**
   * The union of two sets of a HASHES or NOTES field, sorted as the decoder sorts them (hashes by
   * value, notes by id; a note already there keeps its text).
   */
  public static JsonArray union(FieldKind kind, JsonArray current, JsonArray added) {
    TreeMap<String, Object> union = new TreeMap<>();
    for (JsonArray set : List.of(current == null ? new JsonArray() : current,
        added == null ? new JsonArray() : added)) {
      for (Object item : set) {
        String key = kind == FieldKind.NOTES ? ((JsonObject) item).getString("id") : item.toString();
        union.putIfAbsent(key, item);
      }
    }
    return new JsonArray(new ArrayList<>(union.values()));
  }

  /** Whether two JSON values of a field of this kind are the same value. */
  public static boolean same(FieldKind kind, Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return switch (kind) {
      case INTEGER, NUMBER -> a instanceof Number x && b instanceof Number y
          && new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
      case TIMESTAMP -> sameInstant(a.toString(), b.toString());
      case CHECKLIST -> withoutNulls(a).equals(withoutNulls(b));
      default -> a.toString().equals(b.toString());
    };
  }

  private static boolean sameInstant(String a, String b) {
    try {
      return OffsetDateTime.parse(a).toInstant().equals(OffsetDateTime.parse(b).toInstant());
    } catch (DateTimeParseException e) {
      return a.equals(b);
    }
  }

  /** An absent key and a null one mean the same in a checklist item. */
  private static Object withoutNulls(Object value) {
    if (value instanceof JsonArray array) {
      JsonArray clean = new JsonArray();
      array.forEach(item -> clean.add(withoutNulls(item)));
      return clean;
    }
    if (value instanceof JsonObject object) {
      JsonObject clean = new JsonObject();
      object.forEach(entry -> {
        if (entry.getValue() != null) {
          clean.put(entry.getKey(), entry.getValue());
        }
      });
      return clean;
    }
    return Objects.requireNonNullElse(value, "");
  }
}
