package org.inspectsync.load;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * What the database holds for the run's stations after the day, read back to compare with what
 * the phones say they sent: acknowledged is not enough, it must be stored.
 */
record StoredDay(long checks, long items, long findings, long findingsOrdered, long notices, long assignmentsDone) {

  private static final String COUNTS = """
      SELECT (SELECT count(*) FROM market_checks WHERE station_id = ANY (?)),
             (SELECT count(*) FROM market_check_items i JOIN market_checks c ON c.id = i.check_id
              WHERE c.station_id = ANY (?)),
             (SELECT count(*) FROM hazard_findings WHERE station_id = ANY (?)),
             (SELECT count(*) FROM hazard_findings WHERE station_id = ANY (?) AND status = 'ordered'),
             (SELECT count(*) FROM rectification_notices WHERE station_id = ANY (?)),
             (SELECT count(*) FROM assignments WHERE station_id = ANY (?) AND status = 'done')
      """;

  static StoredDay read(Connection db, List<UUID> stationIds) throws SQLException {
    try (PreparedStatement query = db.prepareStatement(COUNTS)) {
      Array stations = db.createArrayOf("uuid", stationIds.toArray());
      for (int i = 1; i <= 6; i++) {
        query.setArray(i, stations);
      }
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return new StoredDay(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
            row.getLong(6));
      }
    }
  }
}
