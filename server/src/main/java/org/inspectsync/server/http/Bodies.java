package org.inspectsync.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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
}
