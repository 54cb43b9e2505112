package org.inspectsync.protocol;

/**
 * Body of {@code POST /auth/login}.
 *
 * @param deviceId an id the app makes once per installation (a UUID is fine) and keeps; a
 *     reinstalled app must make a new one, because mutation numbers are counted per device
 */
public record LoginRequest(String username, String password, String deviceId) {
}
