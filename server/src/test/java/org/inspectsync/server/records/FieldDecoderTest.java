package org.inspectsync.server.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.UUID;
import java.util.stream.Stream;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.RecordType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values come in as Vert.x parses them from the wire: each case is written as the JSON literal a
 * phone sends, so "7.0" is the Double a real body yields, not a Java int.
 */
@DisplayName("A field value from a phone")
class FieldDecoderTest {

  // Fields of the real schemas, so the bounds under test are the ones phones meet.
  static final Field NAME = field(RecordType.ENTITY, "name");                 // required text, at most 200
  static final Field ADDRESS = field(RecordType.ENTITY, "address");           // optional text, at most 500
  static final Field LATITUDE = field(RecordType.ENTITY, "latitude");         // number, -90 to 90
  static final Field CATEGORY = field(RecordType.ENTITY, "category");         // enum
  static final Field CREDIT_CODE = field(RecordType.ENTITY, "creditCode");
  static final Field ENTITY_ID = field(RecordType.CHECK, "entityId");         // reference
  static final Field PERFORMED_AT = field(RecordType.CHECK, "performedAt");   // timestamp
  static final Field ITEMS = field(RecordType.CHECK, "items");                // checklist, at most 200 items
  static final Field FINDING_STATUS = field(RecordType.FINDING, "status");    // found, ordered, rectified, closed
  static final Field ISSUED_ON = field(RecordType.NOTICE, "issuedOn");        // date
  static final Field DEADLINE_DAYS = field(RecordType.NOTICE, "deadlineDays"); // integer, 1 to 365

  static final String SOME_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

  private static Field field(RecordType type, String name) {
    return RecordSchema.of(type).field(name);
  }

  /** What Vert.x hands the decoder for this JSON literal. */
  static Object json(String literal) {
    return new JsonObject("{\"v\": " + literal + "}").getValue("v");
  }

  static String quoted(String text) {
    return "\"" + text + "\"";
  }

  static Object decode(Field field, Object value) {
    return FieldDecoder.decode(field, value, "data." + field.name());
  }

  static Rejection rejection(Field field, Object value) {
    return rejection(field, value, "data." + field.name());
  }

  static Rejection rejection(Field field, Object value, String path) {
    return assertThrows(Rejection.Failure.class, () -> FieldDecoder.decode(field, value, path),
        () -> field.name() + " accepted " + value).rejection();
  }

  static void assertRejected(ErrorCode code, String path, Rejection rejection) {
    assertEquals(code, rejection.code(), rejection::toString);
    assertEquals(path, rejection.field(), rejection::toString);
    assertFalse(rejection.message().isBlank());
  }

  static Stream<Arguments> acceptedValues() {
    UUID id = UUID.fromString(SOME_ID);
    return Stream.of(
        Arguments.of(NAME, quoted("老王熟食店"), "老王熟食店"),
        Arguments.of(ADDRESS, quoted(""), ""),
        Arguments.of(ADDRESS, quoted("   "), "   "),
        Arguments.of(DEADLINE_DAYS, "1", 1),
        Arguments.of(DEADLINE_DAYS, "365", 365),
        Arguments.of(DEADLINE_DAYS, "7.0", 7),
        Arguments.of(DEADLINE_DAYS, "1e2", 100),
        Arguments.of(LATITUDE, "-90", -90.0),
        Arguments.of(LATITUDE, "90", 90.0),
        Arguments.of(LATITUDE, "30.27", 30.27),
        Arguments.of(LATITUDE, "0", 0.0),
        Arguments.of(ISSUED_ON, quoted("2026-11-22"), LocalDate.of(2026, 11, 22)),
        Arguments.of(ISSUED_ON, quoted("2028-02-29"), LocalDate.of(2028, 2, 29)),
        Arguments.of(PERFORMED_AT, quoted("2026-11-22T09:30:00+08:00"),
            OffsetDateTime.of(2026, 11, 22, 9, 30, 0, 0, ZoneOffset.ofHours(8))),
        Arguments.of(PERFORMED_AT, quoted("2026-11-22T01:30:00Z"),
            OffsetDateTime.of(2026, 11, 22, 1, 30, 0, 0, ZoneOffset.UTC)),
        Arguments.of(PERFORMED_AT, quoted("2026-11-22T09:30:00.250+08:00"),
            OffsetDateTime.of(2026, 11, 22, 9, 30, 0, 250_000_000, ZoneOffset.ofHours(8))),
        Arguments.of(CATEGORY, quoted("food_stall"), "food_stall"),
        Arguments.of(FINDING_STATUS, quoted("rectified"), "rectified"),
        Arguments.of(CREDIT_CODE, quoted("91440300708461136T"), "91440300708461136T"),
        Arguments.of(ENTITY_ID, quoted(SOME_ID), id),
        // RFC 4122: hex digits are case-insensitive on input; the server stores and echoes lower case.
        Arguments.of(ENTITY_ID, quoted(SOME_ID.toUpperCase()), id));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("acceptedValues")
  @DisplayName("is accepted and decoded to the value stored when it is well formed")
  void acceptsWellFormedValues(Field field, String literal, Object expected) {
    assertEquals(expected, decode(field, json(literal)));
  }

  @Test
  @DisplayName("given as a whole number in any JSON form (7, 7.0, a long, a big integer) decodes to an Integer")
  void wholeNumbersInEveryFormDecodeToInteger() {
    assertEquals(Integer.valueOf(7), decode(DEADLINE_DAYS, 7));
    assertEquals(Integer.valueOf(7), decode(DEADLINE_DAYS, 7L));
    assertEquals(Integer.valueOf(7), decode(DEADLINE_DAYS, 7.0));
    assertEquals(Integer.valueOf(7), decode(DEADLINE_DAYS, BigInteger.valueOf(7)));
    assertEquals(Double.valueOf(45.0), decode(LATITUDE, 45L));
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of(NAME, "42"),
        Arguments.of(NAME, "true"),
        Arguments.of(NAME, "{\"zh\": \"老王\"}"),
        Arguments.of(NAME, "[\"老王\"]"),
        Arguments.of(DEADLINE_DAYS, quoted("7")),
        Arguments.of(DEADLINE_DAYS, "7.5"),
        Arguments.of(DEADLINE_DAYS, "0.1"),
        Arguments.of(DEADLINE_DAYS, "true"),
        Arguments.of(DEADLINE_DAYS, "1e400"),   // parses to Infinity: not a finite whole number
        Arguments.of(DEADLINE_DAYS, "[7]"),
        Arguments.of(LATITUDE, quoted("30.27")),
        Arguments.of(LATITUDE, "false"),
        Arguments.of(LATITUDE, "[30.27, 120.16]"),
        Arguments.of(ISSUED_ON, "20261122"),
        Arguments.of(ISSUED_ON, "{\"year\": 2026}"),
        Arguments.of(PERFORMED_AT, "1763775000000"),
        Arguments.of(CATEGORY, "1"),
        Arguments.of(FINDING_STATUS, "false"),
        Arguments.of(CREDIT_CODE, "914403007084611360"),
        Arguments.of(ENTITY_ID, "42"),
        Arguments.of(ENTITY_ID, "{\"id\": \"" + SOME_ID + "\"}"),
        Arguments.of(ITEMS, "{\"code\": \"licence\", \"result\": \"pass\"}"),
        Arguments.of(ITEMS, quoted("pass")));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("wrongTypes")
  @DisplayName("of the wrong JSON type is FIELD_WRONG_TYPE at data.<field>")
  void rejectsWrongJsonTypes(Field field, String literal) {
    assertRejected(ErrorCode.FIELD_WRONG_TYPE, "data." + field.name(), rejection(field, json(literal)));
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of(NAME, quoted("店".repeat(201))),
        Arguments.of(ADDRESS, quoted("x".repeat(501))),
        Arguments.of(DEADLINE_DAYS, "0"),
        Arguments.of(DEADLINE_DAYS, "366"),
        Arguments.of(DEADLINE_DAYS, "-7"),
        Arguments.of(DEADLINE_DAYS, "366.0"),
        Arguments.of(DEADLINE_DAYS, "1e20"),
        Arguments.of(DEADLINE_DAYS, "123456789012345678901234567890"),
        Arguments.of(LATITUDE, "90.0001"),
        Arguments.of(LATITUDE, "-90.5"),
        Arguments.of(LATITUDE, "1e400"),
        Arguments.of(LATITUDE, "-1e400"),
        Arguments.of(LATITUDE, "123456789012345678901234567890"),
        Arguments.of(ISSUED_ON, quoted("2026-02-30")),
        Arguments.of(ISSUED_ON, quoted("2027-02-29")),
        Arguments.of(ISSUED_ON, quoted("2026-13-01")),
        Arguments.of(ISSUED_ON, quoted("2026-00-10")),
        Arguments.of(ISSUED_ON, quoted("2026-1-5")),
        Arguments.of(ISSUED_ON, quoted("22/11/2026")),
        Arguments.of(ISSUED_ON, quoted("2026年11月22日")),
        Arguments.of(ISSUED_ON, quoted("2026-11-22T00:00:00")),
        Arguments.of(ISSUED_ON, quoted("")),
        Arguments.of(PERFORMED_AT, quoted("2026-11-22T09:30:00")),
        Arguments.of(PERFORMED_AT, quoted("2026-11-22T09:30")),
        Arguments.of(PERFORMED_AT, quoted("2026-11-22")),
        Arguments.of(PERFORMED_AT, quoted("2026-11-22 09:30:00+08:00")),
        Arguments.of(PERFORMED_AT, quoted("2026-11-22T09:30:00[Asia/Shanghai]")),
        Arguments.of(PERFORMED_AT, quoted("2026-02-30T09:30:00+08:00")),
        Arguments.of(PERFORMED_AT, quoted("")),
        Arguments.of(CATEGORY, quoted("Food_Stall")),
        Arguments.of(CATEGORY, quoted("bakery")),
        Arguments.of(CATEGORY, quoted("")),
        Arguments.of(FINDING_STATUS, quoted("cancelled")),
        Arguments.of(FINDING_STATUS, quoted("CLOSED")),
        Arguments.of(ENTITY_ID, quoted("not-a-uuid")),
        Arguments.of(ENTITY_ID, quoted("1-2-3-4-5")),
        Arguments.of(ENTITY_ID, quoted("3f2504e04f8941d39a0c0305e82c3301")),
        Arguments.of(ENTITY_ID, quoted("{" + SOME_ID + "}")),
        Arguments.of(ENTITY_ID, quoted("urn:uuid:" + SOME_ID)),
        Arguments.of(ENTITY_ID, quoted(" " + SOME_ID)),
        Arguments.of(ENTITY_ID, quoted("3f2504e0-4f89-41d3-9a0c-0305e82c330g")),
        // 36 characters that UUID.fromString accepts, but not the 8-4-4-4-12 form.
        Arguments.of(ENTITY_ID, quoted("0000000001-002-0003-0004-00000000005")),
        Arguments.of(ENTITY_ID, quoted("")));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("invalidValues")
  @DisplayName("of the right type but out of range or malformed is FIELD_INVALID at data.<field>")
  void rejectsInvalidValues(Field field, String literal) {
    assertRejected(ErrorCode.FIELD_INVALID, "data." + field.name(), rejection(field, json(literal)));
  }

  @Test
  @DisplayName("NaN, which JSON cannot carry, is never a number: FIELD_INVALID for a number, FIELD_WRONG_TYPE for a whole number")
  void rejectsNaN() {
    assertRejected(ErrorCode.FIELD_INVALID, "data.latitude", rejection(LATITUDE, Double.NaN));
    assertRejected(ErrorCode.FIELD_WRONG_TYPE, "data.deadlineDays", rejection(DEADLINE_DAYS, Double.NaN));
    assertRejected(ErrorCode.FIELD_WRONG_TYPE, "data.deadlineDays", rejection(DEADLINE_DAYS, Double.POSITIVE_INFINITY));
    assertRejected(ErrorCode.FIELD_INVALID, "data.latitude", rejection(LATITUDE, Double.NEGATIVE_INFINITY));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"+10000-01-01", "+99999-12-31", "+5874898-01-01", "-0001-01-01", "-4713-01-01",
      "+999999999-12-31"})
  @DisplayName("a date with a year no inspection can have (five digits, signed) is FIELD_INVALID, not a database error later")
  void rejectsDatesWithExpandedYears(String date) {
    assertRejected(ErrorCode.FIELD_INVALID, "data.issuedOn", rejection(ISSUED_ON, date));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"+10000-01-01T00:00:00Z", "+294277-01-01T00:00:00+08:00", "+999999999-01-01T00:00:00Z",
      "-4714-11-24T00:00:00Z"})
  @DisplayName("a timestamp with a year no inspection can have is FIELD_INVALID, not a database error later")
  void rejectsTimestampsWithExpandedYears(String timestamp) {
    assertRejected(ErrorCode.FIELD_INVALID, "data.performedAt", rejection(PERFORMED_AT, timestamp));
  }

  @Test
  @DisplayName("a signature is one SHA-256 hash in lower-case hex; anything else is refused naming the field")
  void signatureHash() {
    Field signature = RecordSchema.of(org.inspectsync.protocol.RecordType.CHECK).field("signature");
    assertEquals(FieldKind.HASH, signature.kind());
    assertTrue(signature.partOfDocument() && signature.nullable() && signature.phoneWritable());
    assertEquals("0a".repeat(32), decode(signature, "0a".repeat(32)));
    assertRejected(ErrorCode.FIELD_INVALID, "data.signature", rejection(signature, "0A".repeat(32)));
    assertRejected(ErrorCode.FIELD_INVALID, "data.signature", rejection(signature, "0a".repeat(31)));
    assertRejected(ErrorCode.FIELD_WRONG_TYPE, "data.signature", rejection(signature, new io.vertx.core.json.JsonArray()));
    assertFalse(RecordSchema.of(org.inspectsync.protocol.RecordType.FINDING).field("evidencePending").phoneWritable());
  }

  @Nested
  @DisplayName("of text")
  class Text {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "\t\n", "\u3000"})  // U+3000: the full-width space of Chinese input methods
    @DisplayName("that is blank is FIELD_REQUIRED when the field must be given")
    void blankRequiredTextIsMissing(String blank) {
      assertRejected(ErrorCode.FIELD_REQUIRED, "data.name", rejection(NAME, blank));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "\u3000"})
    @DisplayName("that is blank is kept as sent when the field is optional")
    void blankOptionalTextIsKept(String blank) {
      assertEquals(blank, decode(ADDRESS, blank));
    }

    @Test
    @DisplayName("is accepted up to the field's maximum length, counting each Chinese character once")
    void maximumLength() {
      assertEquals("店".repeat(200), decode(NAME, "店".repeat(200)));
      assertRejected(ErrorCode.FIELD_INVALID, "data.name", rejection(NAME, "店".repeat(201)));
      assertEquals("x".repeat(500), decode(ADDRESS, "x".repeat(500)));
      assertRejected(ErrorCode.FIELD_INVALID, "data.address", rejection(ADDRESS, "x".repeat(501)));
    }

    @Test
    @DisplayName("counts a rare character outside the basic plane (two UTF-16 units) as one")
    void rareCharactersCountOnce() {
      String rare = "\uD840\uDC00";  // U+20000, a CJK Extension B character
      assertEquals(rare.repeat(200), decode(NAME, rare.repeat(200)));
      assertRejected(ErrorCode.FIELD_INVALID, "data.name", rejection(NAME, rare.repeat(201)));
    }

    @Test
    @DisplayName("that is blank and too long is FIELD_REQUIRED: the blank check comes first")
    void blankBeatsLength() {
      assertRejected(ErrorCode.FIELD_REQUIRED, "data.name", rejection(NAME, " ".repeat(201)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"老王\u0000熟食店", "\u0000"})
    @DisplayName("holding a NUL character, which PostgreSQL text cannot store, is FIELD_INVALID")
    void rejectsNul(String text) {
      assertRejected(ErrorCode.FIELD_INVALID, "data.name", rejection(NAME, text));
      assertRejected(ErrorCode.FIELD_INVALID, "data.address", rejection(ADDRESS, text));
    }

    @Test
    @DisplayName("reports the path it was given, so nested fields are named in full")
    void usesTheGivenPath() {
      assertRejected(ErrorCode.FIELD_WRONG_TYPE, "mutations[3].data.name", rejection(NAME, 5, "mutations[3].data.name"));
    }
  }

  @Nested
  @DisplayName("of a unified social credit code")
  class CreditCodes {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"91440300708461136X", "91440300708461136t", "9144030070846113", "91440300708461136TT",
        "9144030070846113OT", ""})
    @DisplayName("that fails its shape or check character is CREDIT_CODE_INVALID at data.creditCode")
    void rejectsBadCodes(String code) {
      assertRejected(ErrorCode.CREDIT_CODE_INVALID, "data.creditCode", rejection(CREDIT_CODE, code));
    }
  }

  @Nested
  @DisplayName("of checklist items")
  class Checklist {

    static final String ITEM = "{\"code\": \"licence\", \"result\": \"pass\"}";

    static String items(int count) {
      return "[" + String.join(", ", Collections.nCopies(count, ITEM)) + "]";
    }

    @Test
    @DisplayName("keeps code, result and remark of each item, in order, and drops a null remark")
    void decodesItems() {
      Object decoded = decode(ITEMS, json("""
          [{"code": "licence", "result": "pass"},
           {"code": "ledger", "result": "fail", "remark": "no purchase ledger"},
           {"code": "cold_chain", "result": "not_applicable", "remark": null}]
          """));
      assertEquals(new JsonArray("""
          [{"code": "licence", "result": "pass"},
           {"code": "ledger", "result": "fail", "remark": "no purchase ledger"},
           {"code": "cold_chain", "result": "not_applicable"}]
          """), decoded);
    }

    @Test
    @DisplayName("may be empty")
    void acceptsNoItems() {
      assertEquals(new JsonArray(), decode(ITEMS, json("[]")));
    }

    @Test
    @DisplayName("are accepted up to 200; 201 is FIELD_INVALID at data.items")
    void atMost200() {
      assertEquals(200, ((JsonArray) decode(ITEMS, json(items(200)))).size());
      assertRejected(ErrorCode.FIELD_INVALID, "data.items", rejection(ITEMS, json(items(201))));
    }

    static Stream<Arguments> badItems() {
      return Stream.of(
          Arguments.of("[{\"code\": \"licence\", \"result\": \"pass\", \"photo\": \"a.jpg\"}]",
              ErrorCode.FIELD_UNKNOWN, "data.items[0].photo"),
          Arguments.of("[{\"result\": \"pass\"}]", ErrorCode.FIELD_REQUIRED, "data.items[0].code"),
          Arguments.of("[{\"code\": null, \"result\": \"pass\"}]", ErrorCode.FIELD_REQUIRED, "data.items[0].code"),
          Arguments.of("[{\"code\": \"licence\"}]", ErrorCode.FIELD_REQUIRED, "data.items[0].result"),
          Arguments.of("[{\"code\": \"licence\", \"result\": null}]", ErrorCode.FIELD_REQUIRED, "data.items[0].result"),
          Arguments.of("[{}]", ErrorCode.FIELD_REQUIRED, "data.items[0].code"),
          Arguments.of("[{\"code\": \"  \", \"result\": \"pass\"}]", ErrorCode.FIELD_REQUIRED, "data.items[0].code"),
          Arguments.of("[{\"code\": 7, \"result\": \"pass\"}]", ErrorCode.FIELD_WRONG_TYPE, "data.items[0].code"),
          Arguments.of("[{\"code\": \"" + "c".repeat(51) + "\", \"result\": \"pass\"}]",
              ErrorCode.FIELD_INVALID, "data.items[0].code"),
          Arguments.of("[{\"code\": \"licence\", \"result\": \"ok\"}]", ErrorCode.FIELD_INVALID, "data.items[0].result"),
          Arguments.of("[{\"code\": \"licence\", \"result\": \"PASS\"}]", ErrorCode.FIELD_INVALID, "data.items[0].result"),
          Arguments.of("[{\"code\": \"licence\", \"result\": \"passed\"}]", ErrorCode.FIELD_INVALID, "data.items[0].result"),
          Arguments.of("[{\"code\": \"licence\", \"result\": true}]", ErrorCode.FIELD_WRONG_TYPE, "data.items[0].result"),
          Arguments.of("[{\"code\": \"licence\", \"result\": \"fail\", \"remark\": 5}]",
              ErrorCode.FIELD_WRONG_TYPE, "data.items[0].remark"),
          Arguments.of("[{\"code\": \"licence\", \"result\": \"fail\", \"remark\": \"" + "备".repeat(1001) + "\"}]",
              ErrorCode.FIELD_INVALID, "data.items[0].remark"),
          Arguments.of("[" + ITEM + ", \"licence: pass\"]", ErrorCode.FIELD_WRONG_TYPE, "data.items[1]"),
          Arguments.of("[" + ITEM + ", null]", ErrorCode.FIELD_WRONG_TYPE, "data.items[1]"),
          Arguments.of("[" + ITEM + ", [\"licence\", \"pass\"]]", ErrorCode.FIELD_WRONG_TYPE, "data.items[1]"),
          Arguments.of("[" + ITEM + ", " + ITEM + ", {\"code\": \"ledger\", \"result\": \"maybe\"}]",
              ErrorCode.FIELD_INVALID, "data.items[2].result"));
    }

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @MethodSource("badItems")
    @DisplayName("with a faulty item are rejected naming the item and its key")
    void rejectsFaultyItems(String literal, ErrorCode code, String path) {
      assertRejected(code, path, rejection(ITEMS, json(literal)));
    }

    @Test
    @DisplayName("accept a remark of exactly 1000 characters")
    void longestRemark() {
      JsonArray decoded = (JsonArray) decode(ITEMS,
          json("[{\"code\": \"licence\", \"result\": \"fail\", \"remark\": \"" + "备".repeat(1000) + "\"}]"));
      assertEquals(1000, decoded.getJsonObject(0).getString("remark").length());
    }

    @Test
    @DisplayName("holding a NUL character in a remark is FIELD_INVALID, as jsonb cannot store it")
    void rejectsNulInRemark() {
      assertRejected(ErrorCode.FIELD_INVALID, "data.items[0].remark",
          rejection(ITEMS, json("[{\"code\": \"licence\", \"result\": \"fail\", \"remark\": \"a\\u0000b\"}]")));
    }
  }
}
