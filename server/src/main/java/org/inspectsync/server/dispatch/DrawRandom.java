package org.inspectsync.server.dispatch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The random numbers behind an inspection draw, made entirely from a seed, so that anyone given
 * the published seed can recompute every number and check the draw. Nothing here reads a clock or
 * the platform's random source.
 *
 * <p>The procedure, exactly:
 *
 * <ol>
 *   <li>The seed is 16 to 64 bytes.</li>
 *   <li>Block {@code i}, for {@code i = 0, 1, 2, ...}, is {@code SHA-256(seed || I)}, where
 *       {@code I} is {@code i} as an 8-byte big-endian unsigned integer and {@code ||} joins bytes.
 *       Each block is 32 bytes.</li>
 *   <li>The stream of words is the blocks' bytes, block 0 first, read 8 bytes at a time, each
 *       8 bytes as a big-endian unsigned 64-bit integer: four words per block.</li>
 *   <li>{@code below(n)}, for {@code n >= 1}, takes the next word {@code w} from the stream.
 *       If {@code w < 2^64 - (2^64 mod n)}, the answer is {@code w mod n}; otherwise {@code w} is
 *       thrown away and the next word is tried, until one is accepted. The accepted range holds
 *       every residue the same number of times, so the answer is uniform with no modulo bias.
 *       Every call takes at least one word, even {@code below(1)}.</li>
 * </ol>
 *
 * Calls share one stream, in the order they are made.
 */
public final class DrawRandom {

  public static final int MIN_SEED_BYTES = 16;
  public static final int MAX_SEED_BYTES = 64;

  private static final int WORDS_PER_BLOCK = 4;

  private final byte[] seed;
  private final MessageDigest sha256;
  private long nextBlock;
  private long[] words = new long[0];
  private int used;

  public DrawRandom(byte[] seed) {
    if (seed == null || seed.length < MIN_SEED_BYTES || seed.length > MAX_SEED_BYTES) {
      throw new IllegalArgumentException("a draw seed must be " + MIN_SEED_BYTES + " to " + MAX_SEED_BYTES
          + " bytes");
    }
    this.seed = seed.clone();
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** A uniform integer in {@code [0, bound)}; see the class description for the exact rule. */
  public int below(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be at least 1, was " + bound);
    }
    int result;
    do {
      result = accept(nextWord(), bound);
    } while (result < 0);
    return result;
  }

  /** {@code word mod bound} if the unsigned word lies below {@code 2^64 - (2^64 mod bound)}, else -1. */
  static int accept(long word, int bound) {
    // 2^64 mod bound, from (2^64 - 1) mod bound.
    long excess = (Long.remainderUnsigned(-1L, bound) + 1) % bound;
    // With excess > 0, -excess read as unsigned is 2^64 - excess.
    if (excess == 0 || Long.compareUnsigned(word, -excess) < 0) {
      return (int) Long.remainderUnsigned(word, bound);
    }
    return -1;
  }

  /** The next word of the stream, as a signed long holding the unsigned 64-bit value. */
  long nextWord() {
    if (used == words.length) {
      words = block(nextBlock++);
      used = 0;
    }
    return words[used++];
  }

  private long[] block(long index) {
    sha256.reset();
    sha256.update(seed);
    for (int shift = 56; shift >= 0; shift -= 8) {
      sha256.update((byte) (index >>> shift));
    }
    byte[] digest = sha256.digest();
    long[] result = new long[WORDS_PER_BLOCK];
    for (int i = 0; i < digest.length; i++) {
      result[i / 8] = (result[i / 8] << 8) | (digest[i] & 0xff);
    }
    return result;
  }
}
