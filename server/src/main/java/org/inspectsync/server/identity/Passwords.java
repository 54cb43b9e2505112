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
}
