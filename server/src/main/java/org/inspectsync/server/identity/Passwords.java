package org.inspectsync.server.identity;

import at.favre.lib.crypto.bcrypt.BCrypt;

/**
 * Password hashing with bcrypt. Hashing is deliberately slow: call it on a worker thread,
 * never on an event loop.
 */
public final class Passwords {

  private static final int COST = 10;

  private Passwords() {
  }

  public static String hash(String password) {
    return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
  }

  public static boolean matches(String password, String hash) {
    return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
  }

  /**
   * Spends the time of a real check and answers false, for a user who does not exist, so that
   * timing does not tell which usernames exist.
   */
  public static boolean matchesNobody(String password) {
    matches(password, Nobody.HASH);
    return false;
  }

  /** Made on first use, which is on a worker thread. */
  private static final class Nobody {
    static final String HASH = hash("no such user");
  }
}
