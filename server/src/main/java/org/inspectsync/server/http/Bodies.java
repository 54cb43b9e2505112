package org.inspectsync.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;

/** Reading request bodies and their fields, failing with a precise {@link ApiError}. */
public final class Bodies {

  /** Longest string accepted in the small request bodies read here (login, assignments). */
  static final int MAX_TEXT = 1000;

  private Bodies() {
  }

  /** The body as a JSON object; anything else is a 400 naming what is wrong. */
  public static JsonObject object(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be sent as Content-Type: application/json");
    }
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw new ApiError(ErrorCode.MALFORMED_JSON, "the request needs a JSON body");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(buffer);
    } catch (DecodeException e) {
      throw new ApiError(ErrorCode.MALFORMED_JSON, "the body is not valid JSON");
    }
    if (parsed instanceof JsonObject object) {
      return object;
    }
    throw new ApiError(ErrorCode.MALFORMED_JSON, "the body must be a JSON object");
  }

  public static String requiredString(JsonObject json, String name, String path) {
    Object value = json.getValue(name);
    if (value == null) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, path, path + " is required");
    }
    if (!(value instanceof String text)) {
      throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, path, path + " must be a string");
    }
    if (text.isBlank()) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, path, path + " must not be blank");
    }
    if (text.length() > MAX_TEXT || text.indexOf('\u0000') >= 0) {
      throw new ApiError(ErrorCode.FIELD_INVALID, path, path + " must be at most " + MAX_TEXT
          + " characters without NUL characters");
    }
    return text;
  }

  /** A string that may be absent, null or blank (all read as null). */
  public static String optionalString(JsonObject json, String name, String path) {
    Object value = json.getValue(name);
    if (value instanceof String text && text.isBlank()) {
      return null;
    }
    return value == null ? null : requiredString(json, name, path);
  }

  public static JsonArray requiredArray(JsonObject json, String name, String path) {
    Object value = json.getValue(name);
    if (value == null) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, path, path + " is required");
    }
    if (!(value instanceof JsonArray array)) {
      throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, path, path + " must be an array");
    }
    return array;
  }

  /** A path parameter or field that must be a UUID in its canonical 8-4-4-4-12 form. */
  public static UUID uuid(String value, String path) {
    UUID uuid = Uuids.parse(value);
    if (uuid == null) {
      throw new ApiError(ErrorCode.FIELD_INVALID, path, path + " must be a UUID");
    }
    return uuid;
  }

  /** A boolean that may be absent or null, read as {@code otherwise}. */
  public static boolean optionalBoolean(JsonObject json, String name, String path, boolean otherwise) {
    Object value = json.getValue(name);
    if (value == null) {
      return otherwise;
    }
    if (!(value instanceof Boolean flag)) {
      throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, path, path + " must be true or false");
    }
    return flag;
  }

  /** A whole number within {@code min}..{@code max}. */
  public static int requiredInt(JsonObject json, String name, String path, int min, int max) {
    Object value = json.getValue(name);
    if (value == null) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, path, path + " is required");
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw new ApiError(value instanceof Number ? ErrorCode.FIELD_INVALID : ErrorCode.FIELD_WRONG_TYPE, path,
          path + " must be a whole number from " + min + " to " + max);
    }
    return ((Number) value).intValue();
  }

  /** An array of {@code min}..{@code max} distinct UUID strings, in the order given. */
  public static List<UUID> uuids(JsonObject json, String name, String path, int min, int max) {
    JsonArray raw = requiredArray(json, name, path);
    if (raw.size() < min || raw.size() > max) {
      throw new ApiError(ErrorCode.FIELD_INVALID, path, path + " must hold " + min + " to " + max + " ids");
    }
    Set<UUID> ids = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String item = path + "[" + i + "]";
      if (!(raw.getValue(i) instanceof String text)) {
        throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, item, item + " must be a UUID string");
      }
      if (!ids.add(uuid(text, item))) {
        throw new ApiError(ErrorCode.FIELD_INVALID, item, item + " repeats an id");
      }
    }
    return new ArrayList<>(ids);
  }

  /** Refuses members the endpoint does not know, so a misspelt field is not silently ignored. */
  public static void onlyKnown(JsonObject json, Set<String> known, String prefix) {
    for (String name : json.fieldNames()) {
      if (!known.contains(name)) {
        throw new ApiError(ErrorCode.FIELD_UNKNOWN, prefix + name, prefix + name + " is not a field of this request");
      }
    }
  }
}
