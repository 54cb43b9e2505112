package org.inspectsync.protocol;

/**
 * Official notice numbers leased to one device, from {@code POST /notice-numbers/blocks}. The phone
 * puts them on the notices it issues offline, each once, in any order.
 *
 * @param first the first number, e.g. {@code 2026-00041}
 * @param last the last number, e.g. {@code 2026-00060}
 */
public record NoticeNumberBlock(String id, int year, String first, String last, String deviceId, String leasedAt) {
}
