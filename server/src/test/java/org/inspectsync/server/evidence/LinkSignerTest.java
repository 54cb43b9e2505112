package org.inspectsync.server.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Evidence links open one file until their expiry, and any change breaks them")
class LinkSignerTest {

  private static final String HASH = "a".repeat(64);
  private static final String OTHER = "b".repeat(64);
  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private static final long EXPIRES = NOW.getEpochSecond() + 600;

  private final LinkSigner signer = new LinkSigner(new byte[32]);

  @Test
  @DisplayName("a link is valid before its expiry and expired from it on")
  void expiry() {
    String signature = signer.sign(HASH, EXPIRES);
    assertEquals(LinkSigner.Verdict.VALID, signer.verify(HASH, Long.toString(EXPIRES), signature, NOW));
    assertEquals(LinkSigner.Verdict.VALID, signer.verify(HASH, Long.toString(EXPIRES), signature, NOW.plusSeconds(599)));
    assertEquals(LinkSigner.Verdict.EXPIRED, signer.verify(HASH, Long.toString(EXPIRES), signature, NOW.plusSeconds(600)));
  }

  @Test
  @DisplayName("another file, a later expiry, another key, an altered or missing signature: invalid")
  void tampering() {
    String signature = signer.sign(HASH, EXPIRES);
    assertEquals(LinkSigner.Verdict.INVALID, signer.verify(OTHER, Long.toString(EXPIRES), signature, NOW));
    assertEquals(LinkSigner.Verdict.INVALID, signer.verify(HASH, Long.toString(EXPIRES + 3600), signature, NOW));
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    assertEquals(LinkSigner.Verdict.INVALID,
        new LinkSigner(otherKey).verify(HASH, Long.toString(EXPIRES), signature, NOW));
    String altered = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
    assertEquals(LinkSigner.Verdict.INVALID, signer.verify(HASH, Long.toString(EXPIRES), altered, NOW));
    assertEquals(LinkSigner.Verdict.INVALID, signer.verify(HASH, Long.toString(EXPIRES), null, NOW));
    assertEquals(LinkSigner.Verdict.INVALID, signer.verify(HASH, "soon", signature, NOW));
    assertEquals(LinkSigner.Verdict.INVALID, signer.verify(HASH, null, signature, NOW));
  }

  @Test
  @DisplayName("signatures are URL-safe and differ per file; short keys are refused")
  void form() {
    String signature = signer.sign(HASH, EXPIRES);
    assertEquals(43, signature.length());
    assertEquals(signature, signature.replaceAll("[^A-Za-z0-9_-]", ""));
    assertNotEquals(signature, signer.sign(OTHER, EXPIRES));
    assertThrows(IllegalArgumentException.class, () -> new LinkSigner(new byte[16]));
  }
}
