package org.inspectsync.server.identity;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * The keys that sign and check access tokens. ES256 by default: a key pair made on first start
 * and kept in the data directory, so tokens stay valid across restarts and a server that only
 * checks tokens needs only the public key. {@code INSPECTSYNC_TOKEN_ALG=HS256} with
 * {@code INSPECTSYNC_TOKEN_KEY} (base64, at least 32 bytes) uses a shared secret instead.
 *
 * @param algorithm ES256 or HS256
 */
public record TokenKeys(String algorithm, Key signingKey, Key verifyingKey) {

  public static TokenKeys es256(KeyPair pair) {
    return new TokenKeys("ES256", pair.getPrivate(), pair.getPublic());
  }

  public static TokenKeys hs256(SecretKey secret) {
    return new TokenKeys("HS256", secret, secret);
  }

  /** Reads the configured keys, making and keeping an ES256 pair on first start. Blocking. */
  public static TokenKeys load(Map<String, String> env, Path dataDir) throws IOException {
    String algorithm = env.getOrDefault("INSPECTSYNC_TOKEN_ALG", "ES256");
    switch (algorithm) {
      case "HS256" -> {
        String secret = env.get("INSPECTSYNC_TOKEN_KEY");
        if (secret == null || secret.isBlank()) {
          throw new IllegalArgumentException("INSPECTSYNC_TOKEN_ALG=HS256 needs INSPECTSYNC_TOKEN_KEY (base64, 32+ bytes)");
        }
        return hs256(Keys.hmacShaKeyFor(Base64.getDecoder().decode(secret.trim())));
      }
      case "ES256" -> {
        return es256(keptPair(dataDir));
      }
      default -> throw new IllegalArgumentException("INSPECTSYNC_TOKEN_ALG must be ES256 or HS256, not " + algorithm);
    }
  }

  private static KeyPair keptPair(Path dataDir) throws IOException {
    Path privateFile = dataDir.resolve("token-es256.key");
    Path publicFile = dataDir.resolve("token-es256.pub");
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
        KeyPair fresh = Jwts.SIG.ES256.keyPair().build();
        Files.createDirectories(dataDir);
        writeSecret(dataDir, publicFile, fresh.getPublic().getEncoded());
        writeSecret(dataDir, privateFile, fresh.getPrivate().getEncoded());
      }
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(read(privateFile)));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(read(publicFile)));
      return new KeyPair(publicKey, privateKey);
    } catch (GeneralSecurityException e) {
      throw new IOException("the token keys in " + dataDir + " cannot be read", e);
    }
  }

  private static byte[] read(Path file) throws IOException {
    return Base64.getDecoder().decode(Files.readString(file).trim());
  }

  /** Written whole or not at all, readable by the owner only. */
  private static void writeSecret(Path dir, Path file, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, Base64.getEncoder().encodeToString(bytes));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
