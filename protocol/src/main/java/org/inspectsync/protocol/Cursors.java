package org.inspectsync.protocol;

/**
 * Pull cursors are opaque to phones, with one promise: two cursors compare as plain strings,
 * and a later position sorts after an earlier one. The empty string is the very beginning.
 */
public final class Cursors {

  /** The cursor of a phone that has pulled nothing yet. */
  public static final String START = "";

  private Cursors() {
  }

  /** True when {@code cursor} is at or past {@code target}. */
  public static boolean isAtOrPast(String cursor, String target) {
    return cursor.compareTo(target) >= 0;
  }
}
