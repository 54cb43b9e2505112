package org.inspectsync.server.identity;

import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;

/**
 * The key that signs access tokens. Made once and kept in the data directory so tokens stay
 * valid across restarts; {@code INSPECTSYNC_TOKEN_KEY} (base64, at least 32 bytes) overrides it
 * where several servers must share one key.
 */
public final class TokenKey {

  private TokenKey() {
  }

  /** Blocking file access: call at start-up. */
  public static SecretKey load(String configured, Path dataDir) throws IOException {
    if (configured != null && !configured.isBlank()) {
      return Keys.hmacShaKeyFor(Base64.getDecoder().decode(configured.trim()));
    }
    Path file = dataDir.resolve("token-key");
    if (!Files.exists(file)) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      Files.createDirectories(dataDir);
      Path temp = Files.createTempFile(dataDir, "token-key", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, Base64.getEncoder().encodeToString(fresh));
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return Keys.hmacShaKeyFor(Base64.getDecoder().decode(Files.readString(file).trim()));
  }
}
