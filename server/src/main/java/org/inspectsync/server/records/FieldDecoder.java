package org.inspectsync.server.records;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.Dates;
import org.inspectsync.server.http.Uuids;

/**
 * Turns a JSON value into the Java value stored for a field, or fails with the rejection that
 * names the field. Pure: no database, no Vert.x runtime.
 */
public final class FieldDecoder {

  static final int MAX_CHECKLIST_TEXT = 1000;
  private static final List<String> CHECKLIST_RESULTS = List.of("pass", "fail", "not_applicable");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private FieldDecoder() {
  }

  /** Decodes a non-null JSON value; {@code path} is the field's path for the rejection. */
  public static Object decode(Field field, Object json, String path) {
    return switch (field.kind()) {
      case TEXT -> text(json, path, (int) field.max(), field.required());
      case INTEGER -> integer(json, path, field.min(), field.max());
      case NUMBER -> number(json, path, field.min(), field.max());
      case DATE -> date(json, path);
      case TIMESTAMP -> timestamp(json, path);
      case ENUM, STATUS -> word(json, path, field.words());
      case CREDIT_CODE -> creditCode(json, path);
      case REFERENCE, SUPERSEDES -> uuid(json, path);
      case CHECKLIST -> checklist(json, path, (int) field.max());
      case BOOLEAN -> bool(json, path);
      case HASH -> hash(json, path);
      case HASHES -> hashes(json, path, (int) field.max());
      case NOTES -> notes(json, path, (int) field.max());
    };
  }

  static String text(Object json, String path, int maxLength, boolean required) {
    if (!(json instanceof String text)) {
      throw wrongType(path, "a string");
    }
    if (required && text.isBlank()) {
      throw new Rejection.Failure(ErrorCode.FIELD_REQUIRED, path, path + " must not be blank");
    }
    // Counted in characters as people see them: a rare character outside the basic plane is one.
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw invalid(path, "at most " + maxLength + " characters");
    }
    if (text.indexOf('\u0000') >= 0) {
      // PostgreSQL cannot store it; refusing here keeps the fault on this one mutation.
      throw invalid(path, "text without NUL characters");
    }
    return text;
  }

  static Integer integer(Object json, String path, double min, double max) {
    if (!(json instanceof Number number) || !isWhole(number)) {
      throw wrongType(path, "a whole number");
    }
    BigDecimal value = new BigDecimal(number.toString());
    if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw invalid(path, "between " + (long) min + " and " + (long) max);
    }
    return value.intValueExact();
  }

  static Double number(Object json, String path, double min, double max) {
    if (!(json instanceof Number number)) {
      throw wrongType(path, "a number");
    }
    double value = number.doubleValue();
    if (!(value >= min && value <= max)) {
      throw invalid(path, "between " + min + " and " + max);
    }
    return value;
  }

  static LocalDate date(Object json, String path) {
    if (!(json instanceof String text)) {
      throw wrongType(path, "a date string YYYY-MM-DD");
    }
    LocalDate date = Dates.parseOrNull(text);
    if (date == null) {
      throw invalid(path, "a date YYYY-MM-DD between years " + Dates.MIN_YEAR + " and " + Dates.MAX_YEAR);
    }
    return date;
  }

  static OffsetDateTime timestamp(Object json, String path) {
    if (!(json instanceof String text)) {
      throw wrongType(path, "an ISO-8601 timestamp string");
    }
    OffsetDateTime timestamp;
    try {
      timestamp = OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid(path, "an ISO-8601 timestamp with offset, e.g. 2026-11-22T09:30:00+08:00");
    }
    if (!Dates.inRange(timestamp.getYear())) {
      throw invalid(path, "a timestamp between years " + Dates.MIN_YEAR + " and " + Dates.MAX_YEAR);
    }
    return timestamp;
  }

  static String word(Object json, String path, List<String> words) {
    if (!(json instanceof String text)) {
      throw wrongType(path, "a string");
    }
    if (!words.contains(text)) {
      throw invalid(path, "one of " + String.join(", ", words));
    }
    return text;
  }

  static String creditCode(Object json, String path) {
    if (!(json instanceof String text)) {
      throw wrongType(path, "a string");
    }
    if (!CreditCode.isValid(text)) {
      throw new Rejection.Failure(ErrorCode.CREDIT_CODE_INVALID, path,
          path + " is not a valid unified social credit code (18 characters, check character per GB 32100)");
    }
    return text;
  }

  static UUID uuid(Object json, String path) {
    if (!(json instanceof String text)) {
      throw wrongType(path, "a UUID string");
    }
    UUID uuid = Uuids.parse(text);
    if (uuid == null) {
      throw invalid(path, "a UUID");
    }
    return uuid;
  }

  /** Checklist results, kept as JSON for a set-based insert into market_check_items. */
  static JsonArray checklist(Object json, String path, int maxItems) {
    if (!(json instanceof JsonArray items)) {
      throw wrongType(path, "an array");
    }
    if (items.size() > maxItems) {
      throw invalid(path, "at most " + maxItems + " items");
    }
    JsonArray clean = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = path + "[" + i + "]";
      if (!(items.getValue(i) instanceof JsonObject item)) {
        throw wrongType(itemPath, "an object");
      }
      for (String key : item.fieldNames()) {
        if (!List.of("code", "result", "remark").contains(key)) {
          throw new Rejection.Failure(ErrorCode.FIELD_UNKNOWN, itemPath + "." + key, "unknown field " + itemPath + "." + key);
        }
      }
      Object code = item.getValue("code");
      Object result = item.getValue("result");
      if (code == null) {
        throw required(itemPath + ".code");
      }
      if (result == null) {
        throw required(itemPath + ".result");
      }
      JsonObject row = new JsonObject()
          .put("code", text(code, itemPath + ".code", 50, true))
          .put("result", word(result, itemPath + ".result", CHECKLIST_RESULTS));
      Object remark = item.getValue("remark");
      if (remark != null) {
        row.put("remark", text(remark, itemPath + ".remark", MAX_CHECKLIST_TEXT, false));
      }
      clean.add(row);
    }
    return clean;
  }

  static Boolean bool(Object json, String path) {
    if (!(json instanceof Boolean value)) {
      throw wrongType(path, "true or false");
    }
    return value;
  }

  /** One SHA-256 hash in lower-case hex. */
  static String hash(Object json, String path) {
    if (!(json instanceof String hash)) {
      throw wrongType(path, "a SHA-256 hash string");
    }
    if (!SHA256.matcher(hash).matches()) {
      throw invalid(path, "a SHA-256 hash: 64 lower-case hex digits");
    }
    return hash;
  }

  /** Distinct SHA-256 hashes in lower-case hex, sorted, so that sets compare and merge plainly. */
  static JsonArray hashes(Object json, String path, int maxItems) {
    if (!(json instanceof JsonArray items)) {
      throw wrongType(path, "an array of SHA-256 hashes");
    }
    if (items.size() > maxItems) {
      throw invalid(path, "at most " + maxItems + " hashes");
    }
    TreeSet<String> hashes = new TreeSet<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof String hash)) {
        throw wrongType(path + "[" + i + "]", "a string");
      }
      if (!SHA256.matcher(hash).matches()) {
        throw invalid(path + "[" + i + "]", "a SHA-256 hash: 64 lower-case hex digits");
      }
      hashes.add(hash);
    }
    return new JsonArray(new ArrayList<>(hashes));
  }

  /** Notes {id, text}, distinct by id and sorted by it, so that sets compare and merge plainly. */
  static JsonArray notes(Object json, String path, int maxItems) {
    if (!(json instanceof JsonArray items)) {
      throw wrongType(path, "an array of notes {id, text}");
    }
    if (items.size() > maxItems) {
      throw invalid(path, "at most " + maxItems + " notes");
    }
    TreeMap<String, JsonObject> notes = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      String notePath = path + "[" + i + "]";
      if (!(items.getValue(i) instanceof JsonObject note)) {
        throw wrongType(notePath, "an object");
      }
      for (String key : note.fieldNames()) {
        if (!List.of("id", "text").contains(key)) {
          throw new Rejection.Failure(ErrorCode.FIELD_UNKNOWN, notePath + "." + key, "unknown field " + notePath + "." + key);
        }
      }
      if (note.getValue("id") == null) {
        throw required(notePath + ".id");
      }
      if (note.getValue("text") == null) {
        throw required(notePath + ".text");
      }
      UUID id = uuid(note.getValue("id"), notePath + ".id");
      notes.putIfAbsent(id.toString(), new JsonObject().put("id", id.toString())
          .put("text", text(note.getValue("text"), notePath + ".text", MAX_CHECKLIST_TEXT, true)));
    }
    return new JsonArray(new ArrayList<>(notes.values()));
  }

  static Rejection.Failure required(String path) {
    return new Rejection.Failure(ErrorCode.FIELD_REQUIRED, path, path + " is required");
  }

  private static boolean isWhole(Number number) {
    if (number instanceof Integer || number instanceof Long || number instanceof BigInteger) {
      return true;
    }
    double value = number.doubleValue();
    return !Double.isInfinite(value) && value == Math.rint(value);
  }

  private static Rejection.Failure wrongType(String path, String expected) {
    return new Rejection.Failure(ErrorCode.FIELD_WRONG_TYPE, path, path + " must be " + expected);
  }

  private static Rejection.Failure invalid(String path, String expected) {
    return new Rejection.Failure(ErrorCode.FIELD_INVALID, path, path + " must be " + expected);
  }
}
