package org.inspectsync.load;

import java.util.Properties;

/** Reading a scenario's {@code -D} parameters, the same way for every scenario. */
final class Parameters {

  private Parameters() {
  }

  /** A whole number, or {@code fallback} when the parameter is absent or blank. */
  static int integer(Properties p, String name, int fallback) {
    String value = p.getProperty(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + name + " must be a whole number, not " + value);
    }
  }

  static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be 1 or more");
    }
  }
}
