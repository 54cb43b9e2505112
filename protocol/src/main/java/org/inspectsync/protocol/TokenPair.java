package org.inspectsync.protocol;

/**
 * Reply to {@code POST /auth/refresh}: a new access token and a new refresh token; the refresh
 * token sent is spent.
 */
public record TokenPair(String token, String expiresAt, String refreshToken, String refreshExpiresAt) {
}
