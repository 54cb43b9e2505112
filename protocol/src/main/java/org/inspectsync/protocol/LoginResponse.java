package org.inspectsync.protocol;

import java.util.UUID;

/**
 * Reply to a successful login.
 *
 * @param token a bearer token for the {@code Authorization} header
 * @param expiresAt when the token stops working, ISO-8601 in UTC
 * @param user who logged in
 * @param lastSeq the highest mutation number the server has settled for this device, so a
 *     phone that lost its queue state knows where the server stands
 */
public record LoginResponse(String token, String expiresAt, User user, long lastSeq) {

  /** The person behind the token. */
  public record User(UUID id, String username, String displayName, String role, UUID unitId) {
  }
}
