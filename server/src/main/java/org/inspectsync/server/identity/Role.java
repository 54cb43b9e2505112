package org.inspectsync.server.identity;

/** What a user does in the field; decides what they may call. */
public enum Role {
  inspector, dispatcher, supervisor, admin;

  public static Role fromName(String name) {
    for (Role role : values()) {
      if (role.name().equals(name)) {
        return role;
      }
    }
    return null;
  }
}
