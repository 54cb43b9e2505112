package org.inspectsync.server.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A unified social credit code")
class CreditCodeTest {

  /** Codes printed on public business licences, plus ones built with withCheckCharacter. */
  static final List<String> VALID = List.of(
      "91440300708461136T",
      "914403001922038216",
      "91110000802100433B",
      CreditCode.withCheckCharacter("92330102MA2H4K7Q1"),
      CreditCode.withCheckCharacter("91330106000000000"),
      CreditCode.withCheckCharacter("YYYYYYYYYYYYYYYYY"));

  static Stream<String> validCodes() {
    return VALID.stream();
  }

  /** Every valid code paired with each of its 18 positions. */
  static Stream<Arguments> codesAndPositions() {
    List<Arguments> cases = new ArrayList<>();
    for (String code : VALID) {
      for (int position = 0; position < code.length(); position++) {
        cases.add(Arguments.of(code, position));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validCodes")
  @DisplayName("is accepted when its check character matches")
  void acceptsValidCodes(String code) {
    assertTrue(CreditCode.isValid(code));
  }

  @ParameterizedTest(name = "{0} at position {1}")
  @MethodSource("codesAndPositions")
  @DisplayName("is rejected when any single character is mistyped")
  void rejectsEverySingleCharacterCorruption(String code, int position) {
    for (char replacement : CreditCode.ALPHABET.toCharArray()) {
      if (replacement != code.charAt(position)) {
        String mistyped = code.substring(0, position) + replacement + code.substring(position + 1);
        assertFalse(CreditCode.isValid(mistyped), mistyped);
      }
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {
      "91440300708461136",    // 17: check character missing
      "91440300708461136TT",  // 19
      "9144030070846113",
      " 91440300708461136T",  // surrounding blanks are not trimmed
      "91440300708461136T "
  })
  @DisplayName("is rejected when missing or not 18 characters long")
  void rejectsWrongLength(String code) {
    assertFalse(CreditCode.isValid(code));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"I", "O", "S", "V", "Z"})
  @DisplayName("is rejected when it contains a letter outside the alphabet (I, O, S, V, Z)")
  void rejectsForbiddenLetters(String letter) {
    // In the body and as the check character.
    assertFalse(CreditCode.isValid("9133010" + letter + "MA2H4K7Q1X"));
    assertFalse(CreditCode.isValid("92330102MA2H4K7Q1" + letter));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"91440300708461136t", "91110000802100433b"})
  @DisplayName("is rejected in lower case, because the phone must send it upper case")
  void rejectsLowerCase(String code) {
    assertTrue(CreditCode.isValid(code.toUpperCase()));
    assertFalse(CreditCode.isValid(code));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"91440300708461136", "91110000802100433", "91440300192203821"})
  @DisplayName("gets back the same check character from withCheckCharacter")
  void computesTheCheckCharacterOfKnownCodes(String first17) {
    String code = CreditCode.withCheckCharacter(first17);
    assertEquals(first17, code.substring(0, 17));
    assertTrue(VALID.contains(code));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"9144030070846113", "914403007084611360", "9144030070846113O", "91440300708461136t"})
  @DisplayName("cannot be completed from anything but 17 alphabet characters")
  void withCheckCharacterRejectsBadInput(String first17) {
    assertThrows(IllegalArgumentException.class, () -> CreditCode.withCheckCharacter(first17));
  }

  @Test
  @DisplayName("uses the alphabet of GB 32100: 31 characters without I, O, S, V, Z")
  void alphabetIsThe31AllowedCharacters() {
    assertEquals(31, CreditCode.ALPHABET.length());
    assertEquals(31, CreditCode.ALPHABET.chars().distinct().count());
    for (char forbidden : "IOSVZ".toCharArray()) {
      assertEquals(-1, CreditCode.ALPHABET.indexOf(forbidden));
    }
  }
}
