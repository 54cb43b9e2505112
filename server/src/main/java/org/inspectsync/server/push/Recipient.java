package org.inspectsync.server.push;

/** A device to hint that it should sync, with its FCM token if it registered one (else null). */
public record Recipient(String deviceId, String pushToken) {
}
