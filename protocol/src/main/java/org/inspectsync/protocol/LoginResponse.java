package org.inspectsync.protocol;

import java.util.UUID;

/**
 * Reply to a successful login.
 *
 * @param token a short-lived bearer token for the {@code Authorization} header
 * @param expiresAt when the token stops working, ISO-8601 in UTC
 * @param refreshToken a single-use token for {@code POST /auth/refresh}, bound to this device; keep
 *     it secret and replace it with the one each refresh returns
 * @param refreshExpiresAt when the refresh token stops working
 * @param user who logged in
 * @param lastSeq the highest mutation number the server has settled for this device, so a
 *     phone that lost its queue state knows where the server stands
 */
public record LoginResponse(String token, String expiresAt, String refreshToken, String refreshExpiresAt, User user,
    long lastSeq) {

  /** The person behind the token. */
  public record User(UUID id, String username, String displayName, String role, UUID unitId) {
  }
}
