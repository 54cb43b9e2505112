package org.inspectsync.server.sync;

import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;

/**
 * A position in the change stream: every change at or before (txid, changeSeq) has been
 * delivered. Encoded as 32 hex digits so that cursors compare as plain strings, as the protocol
 * promises; the empty string is the start.
 */
public record Cursor(long txid, long changeSeq) implements Comparable<Cursor> {

  public static final Cursor START = new Cursor(0, 0);

  /** The cursor a phone reaches once it has everything written by transaction {@code txid}. */
  public static Cursor after(long txid) {
    return new Cursor(txid + 1, 0);
  }

  public String encode() {
    return equals(START) ? "" : String.format("%016x%016x", txid, changeSeq);
  }

  public static Cursor decode(String text) {
    if (text == null || text.isEmpty()) {
      return START;
    }
    if (text.length() != 32 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new ApiError(ErrorCode.CURSOR_INVALID, "cursor", "the cursor is not one this server issued; pull from the start");
    }
    long txid = Long.parseUnsignedLong(text.substring(0, 16), 16);
    long changeSeq = Long.parseUnsignedLong(text.substring(16), 16);
    if (txid < 0 || changeSeq < 0) {
      throw new ApiError(ErrorCode.CURSOR_INVALID, "cursor", "the cursor is not one this server issued; pull from the start");
    }
    return new Cursor(txid, changeSeq);
  }

  @Override
  public int compareTo(Cursor other) {
    int byTxid = Long.compare(txid, other.txid);
    return byTxid != 0 ? byTxid : Long.compare(changeSeq, other.changeSeq);
  }
}
