package org.inspectsync.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The record types that travel through sync, by their wire names. */
public enum RecordType {
  /** A business entity (经营主体): a stall, restaurant, shop or factory. */
  ENTITY("entity"),
  /** A dispatcher's assignment (任务) of entities to an inspector. */
  ASSIGNMENT("assignment"),
  /** A market check (检查记录) with its checklist results. */
  CHECK("check"),
  /** A hazard finding (安全风险隐患) made during a check. */
  FINDING("finding"),
  /** A rectification notice (责令整改通知书) issued during a check. */
  NOTICE("notice");

  private final String wireName;

  RecordType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The type with this wire name, or null. */
  public static RecordType fromWire(String name) {
    for (RecordType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
