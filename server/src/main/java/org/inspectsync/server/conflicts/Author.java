package org.inspectsync.server.conflicts;

import java.util.UUID;
import org.inspectsync.server.identity.Role;

/**
 * Who wrote a value, as far as conflicts care. Between two concurrent writes of one field the
 * greater author wins: the higher role first (supervisor, dispatcher, inspector), then the greater
 * device id. Arbitrary but total and clock-free, so every order of arrival ends the same way.
 *
 * @param deviceTime the phone's own clock when the value was written; shown to people, never compared
 */
public record Author(UUID userId, String deviceId, int rank, long seq, String deviceTime) implements Comparable<Author> {

  public static int rankOf(Role role) {
    return switch (role) {
      case inspector -> 1;
      case dispatcher -> 2;
      case supervisor, admin -> 3;
    };
  }

  @Override
  public int compareTo(Author other) {
    int byRank = Integer.compare(rank, other.rank);
    return byRank != 0 ? byRank : deviceId.compareTo(other.deviceId);
  }

  public boolean sameDevice(Author other) {
    return deviceId.equals(other.deviceId);
  }
}
