package org.inspectsync.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the database holds after the edits, to hold against what the phones did: the values kept
 * for review in {@code conflicts}, split by whose value lost (a concurrent edit's, recognised by
 * its text, or the sequential value it beat), and the findings whose version is not the one the
 * phones reckon.
 *
 * @param keptFieldConflicts rows of kind {@code field}, all of them on {@code description}
 * @param keptOtherConflicts rows of any other kind or field: there must be none
 * @param lostByConcurrentEdits rows holding a concurrent edit's value (its phone was told)
 * @param versionMismatches findings whose version differs from the ledger's
 */
record ConflictAudit(long keptFieldConflicts, long keptOtherConflicts, long lostByConcurrentEdits,
    long versionMismatches) {

  /** Rows holding the value of a sequential edit that a concurrent one beat (nobody was told). */
  long lostBySequentialEdits() {
    return keptFieldConflicts - lostByConcurrentEdits;
  }

  static ConflictAudit of(Connection db, FindingLedger ledger) throws SQLException {
    long field;
    long other;
    long concurrent;
    try (PreparedStatement query = db.prepareStatement("""
        SELECT count(*) FILTER (WHERE kind = 'field' AND field = 'description'),
               count(*) FILTER (WHERE kind <> 'field' OR field IS DISTINCT FROM 'description'),
               count(*) FILTER (WHERE kind = 'field' AND lost_value #>> '{}' LIKE ?)
        FROM conflicts
        """)) {
      query.setString(1, FindingEditor.CONCURRENT_MARK + " %");
      try (ResultSet row = query.executeQuery()) {
        row.next();
        field = row.getLong(1);
        other = row.getLong(2);
        concurrent = row.getLong(3);
      }
    }
    return new ConflictAudit(field, other, concurrent, versionMismatches(db, ledger));
  }

  private static long versionMismatches(Connection db, FindingLedger ledger) throws SQLException {
    Map<UUID, Integer> stored = new HashMap<>();
    try (PreparedStatement query = db.prepareStatement("SELECT id, version FROM hazard_findings");
         ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        stored.put(rows.getObject(1, UUID.class), rows.getInt(2));
      }
    }
    long mismatches = 0;
    for (int f = 0; f < ledger.size(); f++) {
      Integer version = stored.get(ledger.finding(f).id());
      if (version == null || version != ledger.version(f)) {
        mismatches++;
      }
    }
    return mismatches;
  }
}
