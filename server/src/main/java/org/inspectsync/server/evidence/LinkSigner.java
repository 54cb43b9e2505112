package org.inspectsync.server.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks time-limited evidence links: HMAC-SHA256 over the hash and the expiry, so a
 * link opens exactly one file until exactly its expiry and any change to either breaks it. The
 * signing and checking are pure; only {@link #fromDatabase} reads the key.
 */
public final class LinkSigner {

  /** What a link's check found. */
  public enum Verdict {
    VALID, EXPIRED, INVALID
  }

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;

  public LinkSigner(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the link key must have at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /**
   * The signer with the key kept in the database: made at the first start, then the same for every
   * instance that shares the database, so a link made by one opens on all.
   */
  public static io.vertx.core.Future<LinkSigner> fromDatabase(io.vertx.sqlclient.Pool pool) {
    return EvidenceRepository.linkKey(pool).map(LinkSigner::new);
  }

  /** The signature, base64url without padding, of a link to {@code sha256} valid until {@code expires}. */
  public String sign(String sha256, long expiresEpochSecond) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return ENCODER.encodeToString(mac.doFinal((sha256 + "\n" + expiresEpochSecond).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
    }
  }

  /**
   * Checks a link's {@code expires} and {@code signature} query values. A signature that does not
   * match is INVALID whatever the expiry says, so an altered expiry never reads as merely expired.
   */
  public Verdict verify(String sha256, String expires, String signature, Instant now) {
    if (expires == null || signature == null || !expires.matches("[0-9]{1,12}")) {
      return Verdict.INVALID;
    }
    long expiresAt = Long.parseLong(expires);
    byte[] expected = sign(sha256, expiresAt).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.INVALID;
    }
    return now.getEpochSecond() < expiresAt ? Verdict.VALID : Verdict.EXPIRED;
  }
}
