package org.inspectsync.server.deadlines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code deadline_date(issued, days)} against a National Day break laid out as in 2024: Tuesday
 * 1 October to Monday 7 October off, made up by working Sunday 29 September and Saturday 12
 * October. Expected dates were counted by hand on a printed calendar.
 */
@DisplayName("deadline_date counts deadline days by the rule in force")
class DeadlineDateTest {

  @BeforeEach
  void nationalDay2024() {
    TestDatabase.reset();
    for (String holiday : new String[] {"2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"}) {
      Fixtures.update("INSERT INTO calendar_days (day, working, name) VALUES (?::date, false, '国庆节')", holiday);
    }
    Fixtures.update("INSERT INTO calendar_days (day, working, name) VALUES ('2024-09-29', true, '国庆节调休')");
    Fixtures.update("INSERT INTO calendar_days (day, working, name) VALUES ('2024-10-12', true, '国庆节调休')");
  }

  @ParameterizedTest(name = "issued {0} + {1} days → {2}")
  @CsvSource({
      "2024-09-30, 5,   2024-10-05",  // lands in the holiday: calendar counting ignores the calendar
      "2024-09-27, 1,   2024-09-28",
      "2024-02-28, 1,   2024-02-29",
      "2024-12-31, 365, 2025-12-31",  // the longest deadline a notice may have
  })
  @DisplayName("calendar counting: issue date plus the days, whatever the calendar says")
  void calendarCounting(String issued, int days, String due) {
    assertEquals(LocalDate.parse(due), deadline(issued, days));
  }

  @ParameterizedTest(name = "issued {0} + {1} working days → {2} ({3})")
  @CsvSource({
      "2024-09-06, 1,   2024-09-09, Friday to Monday across a plain weekend",
      "2024-09-05, 3,   2024-09-10, Thursday: Friday, Monday, Tuesday",
      "2024-09-30, 1,   2024-10-08, the day before the holiday: the first working day after it",
      "2024-09-30, 3,   2024-10-10, the day before the holiday",
      "2024-09-30, 5,   2024-10-12, lands exactly on the make-up Saturday",
      "2024-09-30, 6,   2024-10-14, the Sunday after the make-up Saturday is off again",
      "2024-09-29, 1,   2024-09-30, issued on the make-up Sunday: counting starts the next day",
      "2024-09-29, 2,   2024-10-08, issued on the make-up Sunday, across the holiday",
      "2024-09-27, 1,   2024-09-29, Friday: lands exactly on the make-up Sunday",
      "2024-09-28, 1,   2024-09-29, issued on a Saturday off",
      "2024-10-03, 1,   2024-10-08, issued during the holiday",
      "2024-10-05, 5,   2024-10-12, issued on a weekend inside the holiday",
      "2024-12-31, 365, 2026-05-26, the longest deadline: 261 weekdays of 2025 and 104 of 2026",
      "2024-09-30, 365, 2026-02-27, the longest deadline, across the holiday",
  })
  @DisplayName("working counting: the n-th working day after issue, holidays and make-up days included")
  void workingCounting(String issued, int days, String due, String why) {
    Fixtures.update("UPDATE deadline_rule SET counting = 'working'");
    assertEquals(LocalDate.parse(due), deadline(issued, days), why);
  }

  @Test
  @DisplayName("an exception removed from the calendar no longer counts")
  void followsTheCalendar() {
    Fixtures.update("UPDATE deadline_rule SET counting = 'working'");
    Fixtures.update("DELETE FROM calendar_days WHERE day = '2024-10-12'");
    assertEquals(LocalDate.parse("2024-10-14"), deadline("2024-09-30", 5));
  }

  private static LocalDate deadline(String issued, int days) {
    try (Connection connection = TestDatabase.connect();
         PreparedStatement statement = connection.prepareStatement("SELECT deadline_date(?::date, ?)")) {
      statement.setString(1, issued);
      statement.setInt(2, days);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getObject(1, LocalDate.class);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
