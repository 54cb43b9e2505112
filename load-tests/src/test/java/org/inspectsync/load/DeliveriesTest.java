package org.inspectsync.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.inspectsync.load.Deliveries.Push;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Which event first shows a push")
class DeliveriesTest {

  private static Push push(long sent, long answered) {
    return new Push(0, sent, answered);
  }

  @Test
  @DisplayName("pushes one after another: each is certain at the count it makes, and exact")
  void oneAfterAnother() {
    List<Push> pushes = List.of(push(0, 10), push(20, 30), push(40, 50));

    assertArrayEquals(new long[] {6, 7, 8}, Deliveries.certain(pushes, 5));
    assertArrayEquals(new boolean[] {true, true, true}, Deliveries.exact(pushes));
  }

  @Test
  @DisplayName("two pushes in flight together: each is certain only once both may have counted, an upper bound")
  void overlapping() {
    // b is sent before a's reply and answered first; c comes after both replies.
    List<Push> pushes = List.of(push(0, 30), push(10, 20), push(40, 50));

    assertArrayEquals(new long[] {2, 2, 3}, Deliveries.certain(pushes, 0));
    assertArrayEquals(new boolean[] {false, false, true}, Deliveries.exact(pushes));
  }

  @Test
  @DisplayName("a screen shows the highest count it has received; the first event reaching a count is found, or none")
  void firstReaching() {
    long[] shown = Deliveries.shown(new long[] {3, 3, 5, 4, 7, 0}, 5);

    assertArrayEquals(new long[] {3, 3, 5, 5, 7}, shown);
    assertEquals(0, Deliveries.firstReaching(shown, 3));
    assertEquals(2, Deliveries.firstReaching(shown, 4));
    assertEquals(2, Deliveries.firstReaching(shown, 5));
    assertEquals(4, Deliveries.firstReaching(shown, 6));
    assertEquals(-1, Deliveries.firstReaching(shown, 8));
  }
}
