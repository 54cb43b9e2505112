package org.inspectsync.server.http;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.inspectsync.protocol.ErrorCode;

/** Calendar dates as the API accepts them: {@code YYYY-MM-DD} within years the field can mean. */
public final class Dates {

  /** Dates outside these years are typing or clock errors, and some would not fit PostgreSQL's range. */
  public static final int MIN_YEAR = 1900;
  public static final int MAX_YEAR = 2200;

  private Dates() {
  }

  /** The date, or null when the text is not a date or lies outside the accepted years. */
  public static LocalDate parseOrNull(String text) {
    try {
      LocalDate date = LocalDate.parse(text);
      return inRange(date.getYear()) ? date : null;
    } catch (DateTimeParseException | NullPointerException e) {
      return null;
    }
  }

  public static boolean inRange(int year) {
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }

  /** The date, or an {@link ApiError} with {@code code} naming {@code path}. */
  public static LocalDate parse(String text, ErrorCode code, String path) {
    LocalDate date = parseOrNull(text);
    if (date == null) {
      throw new ApiError(code, path, path + " must be a date YYYY-MM-DD between years " + MIN_YEAR + " and " + MAX_YEAR);
    }
    return date;
  }
}
