package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.inspectsync.protocol.Cursors;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A pull cursor")
class CursorTest {

  private static final long SEED = 20261122L;

  @ParameterizedTest(name = "({0}, {1}) = \"{2}\"")
  @CsvSource(textBlock = """
      0,                   1,                   00000000000000000000000000000001
      1,                   0,                   00000000000000010000000000000000
      1515,                42,                  00000000000005eb000000000000002a
      9223372036854775807, 9223372036854775807, 7fffffffffffffff7fffffffffffffff
      """)
  @DisplayName("encodes as 32 lower-case hex digits and decodes back to the same position")
  void roundTrip(long txid, long changeSeq, String encoded) {
    Cursor cursor = new Cursor(txid, changeSeq);
    assertEquals(encoded, cursor.encode());
    assertEquals(cursor, Cursor.decode(encoded));
  }

  @Test
  @DisplayName("round-trips any non-negative position")
  void roundTripsRandomPositions() {
    Random random = new Random(SEED);
    for (int i = 0; i < 10_000; i++) {
      Cursor cursor = new Cursor(random.nextLong() & Long.MAX_VALUE, random.nextLong() & Long.MAX_VALUE);
      String encoded = cursor.encode();
      assertEquals(32, encoded.length(), encoded);
      assertEquals(cursor, Cursor.decode(encoded));
    }
  }

  @Test
  @DisplayName("at the start is the empty string, and an empty or absent cursor means the start")
  void start() {
    assertEquals("", Cursor.START.encode());
    assertEquals(Cursors.START, Cursor.START.encode());
    assertEquals(Cursor.START, Cursor.decode(""));
    assertEquals(Cursor.START, Cursor.decode(null));
    assertEquals(new Cursor(0, 0), Cursor.START);
  }

  @Test
  @DisplayName("sorts as a plain string in the same order as its position, for random pairs")
  void encodedOrderIsPositionOrder() {
    Random random = new Random(SEED);
    for (int i = 0; i < 20_000; i++) {
      // Small ranges make equal txids (and equal positions, and START) common, so the tie-breaks are exercised.
      boolean small = i % 2 == 0;
      Cursor a = small ? new Cursor(random.nextInt(3), random.nextInt(3)) : randomCursor(random);
      Cursor b = small ? new Cursor(random.nextInt(3), random.nextInt(3)) : randomCursor(random);
      int byPosition = Integer.signum(a.compareTo(b));
      int byString = Integer.signum(a.encode().compareTo(b.encode()));
      assertEquals(byPosition, byString, () -> a + " vs " + b);
      assertEquals(byPosition >= 0, Cursors.isAtOrPast(a.encode(), b.encode()), () -> a + " vs " + b);
    }
  }

  private static Cursor randomCursor(Random random) {
    return new Cursor(random.nextLong() & Long.MAX_VALUE, random.nextLong() & Long.MAX_VALUE);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
      "abc",
      "0000000000000000000000000000001",    // 31 digits
      "000000000000000000000000000000001",  // 33 digits
      "00000000000005EB0000000000000000",   // upper case: not what this server issues
      "00000000000005eb000000000000002A",
      "0000000000000zzz0000000000000000",   // not hex
      "00000000000005eb 000000000000000",
      "-00000000000005eb000000000000000",
      "+00000000000005eb000000000000000",
      "8000000000000000000000000000000",   // 31 digits again, of a negative txid
      "80000000000000000000000000000000",  // txid negative as a signed long
      "ffffffffffffffffffffffffffffffff",
      "00000000000000017fffffffffffffff0",
      "0000000000000001ffffffffffffffff",  // change number negative as a signed long
      " ",
      "null"
  })
  @DisplayName("that this server could not have issued is CURSOR_INVALID at field cursor")
  void rejectsMalformedCursors(String text) {
    ApiError error = assertThrows(ApiError.class, () -> Cursor.decode(text));
    assertEquals(ErrorCode.CURSOR_INVALID, error.code());
    assertEquals("cursor", error.field());
    assertEquals(400, error.httpStatus());
  }

  @Test
  @DisplayName("after a transaction is past every position inside it and not past the next transaction")
  void afterTransaction() {
    Random random = new Random(SEED);
    for (int i = 0; i < 10_000; i++) {
      long txid = random.nextLong() & (Long.MAX_VALUE - 1);  // leaves room for txid + 1
      long changeSeq = i == 0 ? Long.MAX_VALUE : random.nextLong() & Long.MAX_VALUE;
      Cursor after = Cursor.after(txid);
      Cursor inside = new Cursor(txid, changeSeq);
      Cursor inNext = new Cursor(txid + 1, random.nextLong() & Long.MAX_VALUE);
      assertTrue(after.compareTo(inside) > 0, () -> after + " not past " + inside);
      assertTrue(after.encode().compareTo(inside.encode()) > 0, () -> after + " not past " + inside + " as text");
      assertTrue(after.compareTo(inNext) <= 0, () -> after + " skips " + inNext);
      assertTrue(after.encode().compareTo(inNext.encode()) <= 0, () -> after + " skips " + inNext + " as text");
    }
    assertEquals(new Cursor(1, 0), Cursor.after(0));
    assertTrue(Cursor.after(0).compareTo(Cursor.START) > 0);
  }
}
