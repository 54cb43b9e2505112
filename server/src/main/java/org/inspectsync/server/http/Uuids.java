package org.inspectsync.server.http;

import java.util.UUID;

/** Strict UUID parsing: {@link UUID#fromString} also accepts odd forms such as "1-2-3-4-5". */
public final class Uuids {

  private Uuids() {
  }

  /** The UUID written in canonical form, or null if the text is anything else. */
  public static UUID parse(String text) {
    if (text == null || text.length() != 36) {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(text);
      return uuid.toString().equalsIgnoreCase(text) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
