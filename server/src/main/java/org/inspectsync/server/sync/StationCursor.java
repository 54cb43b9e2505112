package org.inspectsync.server.sync;

import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Uuids;

/**
 * A pull cursor as phones hold it: a position in the change stream and the station it belongs
 * to, written {@code <position>.<station>}. The station lets a pull notice that the officer has
 * moved, however many replies went astray since. Within one station, cursors still compare as
 * plain strings, positions being of fixed width.
 */
public record StationCursor(Cursor position, UUID station) {

  public static final StationCursor START = new StationCursor(Cursor.START, null);

  public static StationCursor decode(String text) {
    if (text == null || text.isEmpty()) {
      return START;
    }
    int dot = text.indexOf('.');
    if (dot < 0) {
      return new StationCursor(Cursor.decode(text), null);
    }
    UUID station = Uuids.parse(text.substring(dot + 1));
    if (station == null) {
      throw new ApiError(ErrorCode.CURSOR_INVALID, "cursor", "the cursor is not one this server issued; pull from the start");
    }
    return new StationCursor(Cursor.decode(text.substring(0, dot)), station);
  }

  public String encode() {
    return station == null ? position.encode() : position.encode() + "." + station;
  }

  /** True when this cursor was issued for another station than {@code home}. */
  public boolean movedFrom(UUID home) {
    return station != null && !station.equals(home);
  }
}
