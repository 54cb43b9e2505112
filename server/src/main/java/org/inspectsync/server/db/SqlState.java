package org.inspectsync.server.db;

/** The PostgreSQL error codes the server reacts to. */
public final class SqlState {

  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";
  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String DEADLOCK_DETECTED = "40P01";

  private SqlState() {
  }

  /** Failures that a fresh attempt of the same transaction can get past. */
  public static boolean isTransient(String state) {
    return SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state) || UNIQUE_VIOLATION.equals(state);
  }
}
