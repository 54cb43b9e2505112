package org.inspectsync.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a mutation does to its record. */
public enum Operation {
  CREATE("create"),
  /** Sets the fields present in {@code data}; absent fields keep their values. */
  UPDATE("update"),
  DELETE("delete");

  private final String wireName;

  Operation(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The operation with this wire name, or null. */
  public static Operation fromWire(String name) {
    for (Operation op : values()) {
      if (op.wireName.equals(name)) {
        return op;
      }
    }
    return null;
  }
}
