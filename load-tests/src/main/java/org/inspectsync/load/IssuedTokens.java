package org.inspectsync.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.inspectsync.server.Config;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;
import org.inspectsync.server.identity.TokenKeys;
import org.inspectsync.server.identity.TokenService;

/**
 * Access tokens for simulated users, signed with the in-process server's own key (read from its
 * data directory, where the server keeps it), with the claims and lifetime its login gives. A run
 * of thousands of phones uses these instead of logging each one in: a login checks a bcrypt hash,
 * tens of milliseconds of CPU, so 25,000 logins would cost the machine far more than the sync they
 * are meant to measure. The server still checks every token on every request, as usual.
 */
final class IssuedTokens {

  private final TokenService service;

  private IssuedTokens(TokenService service) {
    this.service = service;
  }

  /** Tokens the server started by {@link LoadServer#start} with this work directory accepts. */
  static IssuedTokens forServer(Path workDir) throws IOException {
    Config config = LoadServer.config(workDir, 1);
    return new IssuedTokens(new TokenService(TokenKeys.load(System.getenv(), config.dataDir()), config.tokenTtl(),
        Clock.systemUTC()));
  }

  String issue(UUID userId, String username, Role role, UUID unitId, String deviceId) {
    return service.issue(new Actor(userId, username, role, unitId, deviceId)).token();
  }
}
