package org.inspectsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The JSON codec")
class JsonTreeCodecTest {

  private static final DatabindCodec DATABIND = new DatabindCodec();

  /** A record only databind can write. */
  record Stamp(String by, long seq) {
  }

  private static JsonObject tree() {
    return new JsonObject()
        .put("name", "城东菜市场 \"A\" \\ \n")
        .put("count", 42).put("big", 9_007_199_254_740_993L).put("ratio", 0.1).put("ok", true)
        .putNull("gone")
        .put("at", Instant.parse("2026-11-22T08:00:00.123Z"))
        .put("bytes", new byte[] {1, 2, 3})
        .put("list", new JsonArray().add(1).add("two").add(new JsonObject().put("three", 3)))
        .put("map", Map.of("k", List.of("v")));
  }

  @Test
  @DisplayName("is the one Vert.x uses")
  void isInstalled() {
    assertInstanceOf(JsonTreeCodec.class, Json.CODEC);
  }

  @Test
  @DisplayName("writes a tree exactly as databind does")
  void writesTreesAsDatabind() {
    assertEquals(DATABIND.toString(tree(), false), Json.CODEC.toString(tree(), false));
    assertEquals(DATABIND.toString(tree(), true), Json.CODEC.toString(tree(), true));
    assertEquals(DATABIND.toBuffer(tree(), false), Json.CODEC.toBuffer(tree(), false));
    assertEquals(DATABIND.toString(tree(), false), tree().encode());
  }

  @Test
  @DisplayName("still writes records, and trees that hold them, through databind")
  void writesRecords() {
    assertEquals("{\"by\":\"a\",\"seq\":7}", Json.CODEC.toString(new Stamp("a", 7), false));
    assertEquals("{\"stamp\":{\"by\":\"a\",\"seq\":7}}", new JsonObject().put("stamp", new Stamp("a", 7)).encode());
  }

  @Test
  @DisplayName("reads a tree as databind does, numbers included")
  void readsTreesAsDatabind() {
    String text = "{\"a\":1,\"b\":12345678901,\"c\":1.5,\"d\":[true,null,\"x\"],\"e\":{\"f\":{}}}";
    assertEquals(DATABIND.fromString(text, Object.class), Json.CODEC.fromString(text, Object.class));
    assertEquals(DATABIND.fromBuffer(Buffer.buffer(text), Map.class),
        Json.CODEC.fromBuffer(Buffer.buffer(text), Map.class));
    assertEquals(12345678901L, new JsonObject(text).getValue("b"));
    assertEquals(new JsonArray().add(1).add(2), (Object) Json.decodeValue("[1,2]"));
  }

  @Test
  @DisplayName("still reads records through databind")
  void readsRecords() {
    assertEquals(new Stamp("a", 7), Json.CODEC.fromString("{\"by\":\"a\",\"seq\":7}", Stamp.class));
  }
}
