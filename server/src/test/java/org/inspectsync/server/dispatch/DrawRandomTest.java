package org.inspectsync.server.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The draw's random stream")
class DrawRandomTest {

  /** Bytes 0x00, 0x01, ..., 0x1f. */
  private static byte[] countingSeed() {
    byte[] seed = new byte[32];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) i;
    }
    return seed;
  }

  /*
   * The vectors below were computed by a separate implementation written from the class javadoc
   * alone (Python, hashlib.sha256), so they check the description as much as the code. A change to
   * either must change these numbers, and then every published draw could no longer be checked.
   */

  @Test
  @DisplayName("the words are SHA-256(seed || block number) read as big-endian 64-bit integers")
  void knownWords() {
    DrawRandom random = new DrawRandom(countingSeed());
    long[] words = new long[5];
    for (int i = 0; i < words.length; i++) {
      words[i] = random.nextWord();
    }
    assertArrayEquals(new long[] {0xa9d6e500293a88bdL, 0x38cbe213d07ab71fL, 0x8cb2258552072a01L,
        0xbdf1c40be527f4d0L, 0x6061c4386d7a1788L}, words, "the fifth word starts block 1");
  }

  @Test
  @DisplayName("below() gives the published numbers for a known seed")
  void knownBelow() {
    DrawRandom random = new DrawRandom(countingSeed());
    int[] bounds = {10, 10, 10, 1000, Integer.MAX_VALUE, 1, 7, 3};
    int[] drawn = Arrays.stream(bounds).map(random::below).toArray();
    assertArrayEquals(new int[] {1, 3, 5, 392, 775790586, 0, 0, 0}, drawn);
  }

  @ParameterizedTest(name = "bound {0}, word {1}: {2}")
  @DisplayName("a word is kept only below 2^64 - (2^64 mod bound), and then reduced mod bound")
  @CsvSource({
      // 2^64 mod 3 = 1: only the top word is thrown away.
      "3, 0xffffffffffffffff, -1",
      "3, 0xfffffffffffffffe, 2",
      // 2^64 mod (2^31 - 1) = 4: the top four words are thrown away.
      "2147483647, 0xfffffffffffffffc, -1",
      "2147483647, 0xfffffffffffffffb, 2147483646",
      // Powers of two divide 2^64: nothing is thrown away.
      "1073741824, 0xffffffffffffffff, 1073741823",
      "1, 0xffffffffffffffff, 0",
      "10, 0x3039, 5",
  })
  void rejectionRule(int bound, String word, int expected) {
    assertEquals(expected, DrawRandom.accept(Long.parseUnsignedLong(word.substring(2), 16), bound));
  }

  @Test
  @DisplayName("the same seed gives the same numbers")
  void deterministic() {
    DrawRandom one = new DrawRandom(countingSeed());
    DrawRandom two = new DrawRandom(countingSeed());
    for (int i = 1; i < 200; i++) {
      assertEquals(one.below(i), two.below(i));
    }
  }

  @Test
  @DisplayName("changing one byte of the seed changes the numbers")
  void seedMatters() {
    byte[] other = countingSeed();
    other[31] ^= 1;
    DrawRandom one = new DrawRandom(countingSeed());
    DrawRandom two = new DrawRandom(other);
    boolean differ = false;
    for (int i = 0; i < 8; i++) {
      differ |= one.nextWord() != two.nextWord();
    }
    assertTrue(differ);
  }

  @Test
  @DisplayName("the caller's seed array can change afterwards without changing the stream")
  void seedIsCopied() {
    byte[] seed = countingSeed();
    DrawRandom random = new DrawRandom(seed);
    Arrays.fill(seed, (byte) 0);
    assertEquals(0xa9d6e500293a88bdL, random.nextWord());
  }

  @Test
  @DisplayName("below() stays in [0, bound) and reaches both ends")
  void bounds() {
    DrawRandom random = new DrawRandom(countingSeed());
    for (int bound : new int[] {1, 2, 3, 7, 30, 1000, Integer.MAX_VALUE}) {
      for (int i = 0; i < 500; i++) {
        int value = random.below(bound);
        assertTrue(value >= 0 && value < bound, value + " outside [0, " + bound + ")");
      }
    }
    boolean[] seen = new boolean[5];
    for (int i = 0; i < 200; i++) {
      seen[random.below(5)] = true;
    }
    assertFalse(Arrays.toString(seen).contains("false"), "every value of below(5) turns up");
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("seeds shorter than 16 or longer than 64 bytes are refused")
  @ValueSource(ints = {0, 1, 15, 65, 128})
  void badSeedLength(int length) {
    assertThrows(IllegalArgumentException.class, () -> new DrawRandom(new byte[length]));
  }

  @ParameterizedTest(name = "{0} bytes")
  @DisplayName("seeds of 16 to 64 bytes are accepted")
  @ValueSource(ints = {16, 32, 64})
  void goodSeedLength(int length) {
    assertEquals(0, new DrawRandom(new byte[length]).below(1));
  }

  @Test
  @DisplayName("a missing seed is refused")
  void nullSeed() {
    assertThrows(IllegalArgumentException.class, () -> new DrawRandom(null));
  }

  @ParameterizedTest(name = "bound {0}")
  @DisplayName("a bound below 1 is refused")
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void badBound(int bound) {
    DrawRandom random = new DrawRandom(countingSeed());
    assertThrows(IllegalArgumentException.class, () -> random.below(bound));
  }
}
