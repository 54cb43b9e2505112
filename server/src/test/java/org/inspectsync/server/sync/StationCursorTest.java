package org.inspectsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Cursors carry the station they were issued for")
class StationCursorTest {

  private static final UUID EAST = UUID.fromString("00000000-0000-0000-0000-00000000ea57");
  private static final UUID WEST = UUID.fromString("00000000-0000-0000-0000-00000000e557");

  @Test
  @DisplayName("round trip, and a cursor of another station means the officer moved")
  void roundTrip() {
    StationCursor cursor = new StationCursor(new Cursor(1001, 42), EAST);
    assertEquals(cursor, StationCursor.decode(cursor.encode()));
    assertTrue(cursor.movedFrom(WEST));
    assertFalse(cursor.movedFrom(EAST));
    assertFalse(StationCursor.decode("").movedFrom(EAST), "a phone that never pulled has not moved");
    assertEquals(new Cursor(1001, 42), StationCursor.decode(new Cursor(1001, 42).encode()).position(),
        "a cursor without a station is read as a position");
  }

  @Test
  @DisplayName("within one station, later cursors sort after earlier ones as plain strings")
  void order() {
    String early = new StationCursor(new Cursor(1000, 99), EAST).encode();
    String late = new StationCursor(new Cursor(1001, 0), EAST).encode();
    assertTrue(late.compareTo(early) > 0);
    assertTrue(early.compareTo("") > 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"00000000000003e9000000000000002a.", "00000000000003e9000000000000002a.east",
      "00000000000003e9000000000000002a.00000000-0000-0000-0000-00000000ea57.x", ".00000000-0000-0000-0000-00000000ea57x"})
  @DisplayName("a malformed station part is CURSOR_INVALID")
  void malformed(String text) {
    ApiError error = assertThrows(ApiError.class, () -> StationCursor.decode(text));
    assertEquals(ErrorCode.CURSOR_INVALID, error.code());
  }
}
