package org.inspectsync.server.notices;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An official rectification-notice number, unique per issuing station and year. On the wire it is
 * {@code YYYY-NNNNN}, e.g. {@code 2026-00017}; the app prints it in the bureau's own style.
 */
public record NoticeNumber(int year, int seq) {

  /** Five digits a year per station. */
  public static final int MAX_SEQ = 99_999;

  private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{5})");

  /** The number written as text, or null if the text is not one. */
  public static NoticeNumber parse(String text) {
    Matcher matcher = FORMAT.matcher(text);
    if (!matcher.matches()) {
      return null;
    }
    int seq = Integer.parseInt(matcher.group(2));
    return seq == 0 ? null : new NoticeNumber(Integer.parseInt(matcher.group(1)), seq);
  }

  @Override
  public String toString() {
    return String.format("%04d-%05d", year, seq);
  }
}
