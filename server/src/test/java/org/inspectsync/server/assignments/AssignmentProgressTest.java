package org.inspectsync.server.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("An assignment's progress")
class AssignmentProgressTest {

  @ParameterizedTest(name = "{0} with {1} of {2} checked -> {3}")
  @CsvSource(textBlock = """
      # current,  checked, total, next
      sent,       0,       3,     sent
      seen,       0,       3,     seen
      started,    0,       3,     started
      sent,       1,       3,     started
      seen,       1,       3,     started
      seen,       2,       3,     started
      started,    2,       3,     started
      sent,       3,       3,     done
      seen,       3,       3,     done
      started,    3,       3,     done
      sent,       1,       1,     done
      started,    4,       3,     done
      done,       0,       3,     done
      done,       1,       3,     done
      done,       3,       3,     done
      cancelled,  0,       3,     cancelled
      cancelled,  1,       3,     cancelled
      cancelled,  3,       3,     cancelled
      """)
  @DisplayName("starts with the first checked entity, is done with the last, never goes back, and stays cancelled")
  void next(String current, int checked, int total, String expected) {
    assertEquals(expected, AssignmentProgress.next(current, checked, total));
  }
}
