package org.inspectsync.server.records;

/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015) that identifies a
 * business entity: 18 characters, the last a check character over the first 17.
 *
 * <p>Inspectors type the code by hand from a licence on a market stall, so a mistyped
 * character is the common error; the check character catches every single-character slip
 * before a record with a wrong code is stored. Only the shape and the check character are
 * verified, not whether the code was ever issued.
 *
 * <p>Lower case is rejected, not folded: the phone must send the code in upper case, so
 * the value the server stores is exactly the value the phone shows and signs.
 */
public final class CreditCode {

  /** The 31 characters a code may use; a character's value is its index. No I, O, S, V, Z. */
  public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  public static final int LENGTH = 18;

  /** Weight of position i (0-based) is 3^i mod 31. */
  private static final int[] WEIGHTS = {
      1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  private CreditCode() {
  }

  /**
   * True if {@code code} is 18 upper-case characters from the code alphabet and its last
   * character is the right check character. Null, lower case or any other length is false.
   */
  public static boolean isValid(String code) {
    if (code == null || code.length() != LENGTH) {
      return false;
    }
    Character expected = checkCharacterOrNull(code.substring(0, LENGTH - 1));
    return expected != null && expected == code.charAt(LENGTH - 1);
  }

  /**
   * Appends the check character to the first 17 characters of a code.
   *
   * @throws IllegalArgumentException if {@code first17} is not 17 characters of the alphabet
   */
  public static String withCheckCharacter(String first17) {
    if (first17 == null || first17.length() != LENGTH - 1) {
      throw new IllegalArgumentException("expected 17 characters, got " + first17);
    }
    Character check = checkCharacterOrNull(first17);
    if (check == null) {
      throw new IllegalArgumentException("character outside the credit code alphabet in " + first17);
    }
    return first17 + check;
  }

  /** The check character for 17 characters, or null if one of them is not in the alphabet. */
  private static Character checkCharacterOrNull(String first17) {
    int sum = 0;
    for (int i = 0; i < LENGTH - 1; i++) {
      int value = ALPHABET.indexOf(first17.charAt(i));
      if (value < 0) {
        return null;
      }
      sum += value * WEIGHTS[i];
    }
    return ALPHABET.charAt((31 - sum % 31) % 31);
  }
}
