package org.inspectsync.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cursors compare as plain strings")
class CursorsTest {

  @Test
  @DisplayName("the start is before every cursor, and a cursor is at or past itself")
  void ordering() {
    String early = "00000000000003e9000000000000002a";
    String late = "00000000000003ea0000000000000000";
    assertTrue(Cursors.isAtOrPast(early, Cursors.START));
    assertTrue(Cursors.isAtOrPast(late, early));
    assertTrue(Cursors.isAtOrPast(early, early));
    assertFalse(Cursors.isAtOrPast(early, late));
    assertFalse(Cursors.isAtOrPast(Cursors.START, early));
  }
}
