package org.inspectsync.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Vert.x's JSON codec for this server: JSON trees ({@code JsonObject}, {@code JsonArray}, maps,
 * lists and plain values) go through Jackson's streaming parser and generator, everything else
 * (the protocol's records, such as a push's answer) through Jackson databind as before.
 *
 * <p>With databind on the class path Vert.x sends every tree through an {@code ObjectMapper},
 * which looks up a serializer for each key and value: a push of 64 checks spent a tenth of its
 * event-loop time there, encoding the field stamps of each record for PostgreSQL and decoding
 * request bodies. The streaming codec writes the same text.
 */
public final class JsonTreeCodec extends DatabindCodec {

  private static final JacksonCodec STREAMING = new JacksonCodec();

  /** Registered in {@code META-INF/services/io.vertx.core.spi.JsonFactory}; Vert.x takes the lowest order. */
  public static final class Factory implements JsonFactory {

    private static final JsonTreeCodec CODEC = new JsonTreeCodec();

    @Override
    public int order() {
      return 0;
    }

    @Override
    public JsonCodec codec() {
      return CODEC;
    }
  }

  @Override
  public String toString(Object object, boolean pretty) throws EncodeException {
    return write(object, () -> STREAMING.toString(object, pretty), () -> super.toString(object, pretty));
  }

  @Override
  public Buffer toBuffer(Object object, boolean pretty) throws EncodeException {
    return write(object, () -> STREAMING.toBuffer(object, pretty), () -> super.toBuffer(object, pretty));
  }

  /** A tree holding a value only databind can write (a record inside a JsonObject, say) goes to databind. */
  private static <T> T write(Object object, Supplier<T> streaming, Supplier<T> databind) {
    if (isTree(object)) {
      try {
        return streaming.get();
      } catch (EncodeException notATree) {
        // falls through to databind
      }
    }
    return databind.get();
  }

  @Override
  public <T> T fromString(String json, Class<T> type) throws DecodeException {
    return isTreeType(type) ? STREAMING.fromString(json, type) : super.fromString(json, type);
  }

  @Override
  public <T> T fromBuffer(Buffer json, Class<T> type) throws DecodeException {
    return isTreeType(type) ? STREAMING.fromBuffer(json, type) : super.fromBuffer(json, type);
  }

  private static boolean isTree(Object object) {
    return object == null || object instanceof JsonObject || object instanceof JsonArray || object instanceof Map
        || object instanceof List || object instanceof CharSequence || object instanceof Number
        || object instanceof Boolean;
  }

  private static boolean isTreeType(Class<?> type) {
    return type == Object.class || type == JsonObject.class || type == JsonArray.class || type == Map.class
        || type == List.class || type == String.class;
  }
}
