package org.inspectsync.server.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.records.StatusRule.Outcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A status a phone asks for")
class StatusRuleTest {

  /** The order a record type's status moves through, as its schema declares it. */
  static List<String> order(String type) {
    return RecordSchema.of(RecordType.fromWire(type)).field("status").words();
  }

  @Test
  @DisplayName("moves through the orders the schemas declare")
  void orders() {
    assertEquals(List.of("sent", "seen", "started", "done"), order("assignment"));
    assertEquals(List.of("found", "ordered", "rectified", "closed"), order("finding"));
    assertEquals(List.of("issued", "rectified", "verified"), order("notice"));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2} = {3}")
  @CsvSource(textBlock = """
      # record,    current,   requested, outcome
      assignment,  sent,      seen,      ADVANCE
      assignment,  seen,      started,   ADVANCE
      assignment,  started,   done,      ADVANCE
      assignment,  sent,      done,      ADVANCE
      assignment,  sent,      sent,      KEEP
      assignment,  started,   seen,      KEEP
      assignment,  done,      started,   KEEP
      assignment,  done,      sent,      KEEP
      assignment,  cancelled, seen,      REFUSE
      assignment,  cancelled, done,      REFUSE
      assignment,  cancelled, cancelled, REFUSE
      assignment,  overdue,   started,   REFUSE
      assignment,  sent,      cancelled, REFUSE
      assignment,  sent,      Seen,      REFUSE
      finding,     found,     ordered,   ADVANCE
      finding,     found,     closed,    ADVANCE
      finding,     ordered,   rectified, ADVANCE
      finding,     rectified, ordered,   KEEP
      finding,     closed,    found,     KEEP
      finding,     closed,    closed,    KEEP
      finding,     escalated, closed,    REFUSE
      notice,      issued,    rectified, ADVANCE
      notice,      issued,    verified,  ADVANCE
      notice,      rectified, verified,  ADVANCE
      notice,      verified,  issued,    KEEP
      notice,      rectified, rectified, KEEP
      notice,      revoked,   verified,  REFUSE
      """)
  @DisplayName("advances forward, is kept when already there or past it, and is refused out of a server-only status")
  void decides(String record, String current, String requested, Outcome expected) {
    assertEquals(expected, StatusRule.decide(order(record), current, requested));
  }
}
