package org.inspectsync.server.sync;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.Operation;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.records.Field;
import org.inspectsync.server.records.FieldDecoder;
import org.inspectsync.server.records.RecordSchema;
import org.inspectsync.server.records.Rejection;

/**
 * Reads a push body. Two levels of fault: a broken envelope (no numbers, numbers out of order,
 * too many) refuses the whole request with an {@link ApiError}, since no mutation can be safely
 * numbered; a broken mutation (unknown type, bad field) is rejected on its own and still
 * consumes its number, so one bad record never wedges a phone's queue.
 */
public final class MutationDecoder {

  private static final Set<String> MUTATION_KEYS = Set.of("seq", "type", "op", "id", "baseVersion", "recordedAt", "data");

  private MutationDecoder() {
  }

  public static List<DecodedMutation> decode(JsonObject body, int maxBatch) {
    Object raw = body.getValue("mutations");
    if (raw == null) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, "mutations", "mutations is required");
    }
    if (!(raw instanceof JsonArray mutations)) {
      throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, "mutations", "mutations must be an array");
    }
    if (mutations.isEmpty()) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "mutations", "mutations must not be empty");
    }
    if (mutations.size() > maxBatch) {
      throw new ApiError(ErrorCode.BATCH_TOO_LARGE, "mutations",
          "at most " + maxBatch + " mutations per batch; send the rest in the next one");
    }
    List<DecodedMutation> decoded = new ArrayList<>(mutations.size());
    for (int i = 0; i < mutations.size(); i++) {
      String path = "mutations[" + i + "]";
      if (!(mutations.getValue(i) instanceof JsonObject mutation)) {
        throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, path, path + " must be an object");
      }
      long seq = seq(mutation, path + ".seq");
      if (i > 0 && seq != decoded.get(i - 1).seq() + 1) {
        throw new ApiError(ErrorCode.SEQUENCE_NOT_CONSECUTIVE, path + ".seq",
            "mutation numbers in a batch must be consecutive: expected " + (decoded.get(i - 1).seq() + 1));
      }
      decoded.add(decodeOne(seq, mutation));
    }
    return decoded;
  }

  private static long seq(JsonObject mutation, String path) {
    Object seq = mutation.getValue("seq");
    if (seq == null) {
      throw new ApiError(ErrorCode.FIELD_REQUIRED, path, path + " is required");
    }
    if (!(seq instanceof Integer || seq instanceof Long)) {
      throw new ApiError(ErrorCode.FIELD_WRONG_TYPE, path, path + " must be a whole number");
    }
    long value = ((Number) seq).longValue();
    if (value < 1) {
      throw new ApiError(ErrorCode.FIELD_INVALID, path, path + " must be 1 or more");
    }
    return value;
  }

  /** Decodes one numbered mutation's content; never throws, a fault becomes its rejection. */
  static DecodedMutation decodeOne(long seq, JsonObject mutation) {
    try {
      for (String key : mutation.fieldNames()) {
        if (!MUTATION_KEYS.contains(key)) {
          throw new Rejection.Failure(ErrorCode.FIELD_UNKNOWN, key, "unknown field " + key);
        }
      }
      RecordType type = RecordType.fromWire(word(mutation, "type"));
      if (type == null) {
        throw new Rejection.Failure(ErrorCode.RECORD_TYPE_UNKNOWN, "type",
            "type must be one of entity, assignment, check, finding, notice");
      }
      Operation op = Operation.fromWire(word(mutation, "op"));
      if (op == null) {
        throw new Rejection.Failure(ErrorCode.OPERATION_UNKNOWN, "op", "op must be one of create, update, delete");
      }
      RecordSchema schema = RecordSchema.of(type);
      if (!schema.phoneOperations().contains(op)) {
        throw new Rejection.Failure(ErrorCode.OPERATION_NOT_ALLOWED, "op",
            "phones may not " + op.wireName() + " records of type " + type.wireName());
      }
      UUID id = (UUID) FieldDecoder.decode(Field.reference("id", "id", type), required(mutation, "id"), "id");
      if (op == Operation.CREATE && mutation.containsKey("baseVersion")) {
        throw new Rejection.Failure(ErrorCode.FIELD_INVALID, "baseVersion", "a create has no base version");
      }
      int baseVersion = op == Operation.CREATE ? 0 : baseVersion(mutation);
      String recordedAt = mutation.getValue("recordedAt") == null
          ? null
          : FieldDecoder.decode(Field.timestamp("recordedAt", null), mutation.getValue("recordedAt"), "recordedAt")
              .toString();
      Map<Field, Object> values = op == Operation.DELETE
          ? Map.of()
          : values(schema, op, mutation.getValue("data"));
      return new DecodedMutation(seq, type, op, id, values, baseVersion, recordedAt, null, mutation);
    } catch (Rejection.Failure failure) {
      return DecodedMutation.rejected(seq, failure.rejection());
    }
  }

  private static Map<Field, Object> values(RecordSchema schema, Operation op, Object rawData) {
    if (rawData == null) {
      throw new Rejection.Failure(ErrorCode.FIELD_REQUIRED, "data", "data is required for " + op.wireName());
    }
    if (!(rawData instanceof JsonObject data)) {
      throw new Rejection.Failure(ErrorCode.FIELD_WRONG_TYPE, "data", "data must be an object");
    }
    Map<Field, Object> values = new LinkedHashMap<>();
    for (String name : data.fieldNames()) {
      String path = "data." + name;
      Field field = schema.field(name);
      if (field == null) {
        throw new Rejection.Failure(ErrorCode.FIELD_UNKNOWN, path, "records of type " + schema.type().wireName() + " have no field " + name);
      }
      if (!field.phoneWritable()) {
        throw new Rejection.Failure(ErrorCode.FIELD_INVALID, path, path + " is set by the server and cannot be written");
      }
      if (op == Operation.UPDATE && field.fixedAtCreate()) {
        throw new Rejection.Failure(ErrorCode.FIELD_INVALID, path, path + " cannot change after the record is created");
      }
      Object json = data.getValue(name);
      if (json == null) {
        if (!field.nullable()) {
          throw new Rejection.Failure(ErrorCode.FIELD_REQUIRED, path, path + " cannot be null");
        }
        values.put(field, null);
      } else {
        values.put(field, FieldDecoder.decode(field, json, path));
      }
    }
    if (op == Operation.CREATE) {
      for (Field field : schema.fields()) {
        if (field.required() && !values.containsKey(field)) {
          throw new Rejection.Failure(ErrorCode.FIELD_REQUIRED, "data." + field.name(), "data." + field.name() + " is required");
        }
      }
    } else if (values.isEmpty()) {
      throw new Rejection.Failure(ErrorCode.FIELD_REQUIRED, "data", "an update must change at least one field");
    }
    return values;
  }

  /** The record version an update or delete started from: what the phone last pulled, or 1 for its own create. */
  private static int baseVersion(JsonObject mutation) {
    Object base = required(mutation, "baseVersion");
    return (Integer) FieldDecoder.decode(Field.integer("baseVersion", null, 1, Integer.MAX_VALUE), base, "baseVersion");
  }

  private static Object required(JsonObject mutation, String key) {
    Object value = mutation.getValue(key);
    if (value == null) {
      throw new Rejection.Failure(ErrorCode.FIELD_REQUIRED, key, key + " is required");
    }
    return value;
  }

  private static String word(JsonObject mutation, String key) {
    if (!(required(mutation, key) instanceof String word)) {
      throw new Rejection.Failure(ErrorCode.FIELD_WRONG_TYPE, key, key + " must be a string");
    }
    return word;
  }
}
