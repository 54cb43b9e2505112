package org.inspectsync.server.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;

/**
 * Refresh tokens: random, long-lived, bound to one device, single use. The server keeps only
 * their SHA-256. A refresh replaces the token with a new one of the same family; a replaced token
 * presented again was copied, so the whole family (the device's session) is revoked and the
 * officer logs in again.
 */
public final class RefreshTokens {

  /** A token handed to a phone. */
  public record Issued(String token, OffsetDateTime expiresAt) {
  }

  /** A successful rotation: who it is for, and the new token. */
  public record Rotated(Actor actor, Issued refresh) {
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String INSERT = """
      INSERT INTO refresh_tokens (id, family_id, token_hash, device_id, user_id, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      """;
  private static final String FIND = """
      SELECT t.id, t.family_id, t.device_id, t.expires_at < now() AS expired, t.used_at IS NOT NULL AS used,
             t.revoked_at IS NOT NULL AS revoked, d.revoked_at IS NOT NULL AS device_revoked,
             u.id AS user_id, u.username, u.role, u.unit_id
      FROM refresh_tokens t JOIN devices d ON d.id = t.device_id JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1
      FOR UPDATE OF t
      """;
  private static final String USE = "UPDATE refresh_tokens SET used_at = now() WHERE id = $1";
  private static final String REVOKE_FAMILY = """
      UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL
      """;

  private final Pool pool;
  private final Duration ttl;

  public RefreshTokens(Pool pool, Duration ttl) {
    this.pool = pool;
    this.ttl = ttl;
  }

  /** A new session's first token, at login. */
  public Future<Issued> issue(SqlClient client, String deviceId, UUID userId) {
    return issue(client, UUID.randomUUID(), deviceId, userId);
  }

  private Future<Issued> issue(SqlClient client, UUID family, String deviceId, UUID userId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    OffsetDateTime expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plus(ttl);
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(UUID.randomUUID(), family, hash(token), deviceId, userId, expiresAt))
        .map(done -> new Issued(token, expiresAt));
  }

  /** Replaces a token with a new one, or refuses it with a 401 {@link ApiError}. */
  public Future<Rotated> rotate(String token) {
    return pool.withTransaction(conn -> conn.preparedQuery(FIND).execute(Tuple.of(hash(token))).compose(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || row.getBoolean("revoked")) {
        return Future.succeededFuture(refusal(ErrorCode.TOKEN_INVALID, "the refresh token is not valid; log in again"));
      }
      if (row.getBoolean("used")) {
        // Used twice: someone holds a copy. End the whole session; committed before answering.
        return conn.preparedQuery(REVOKE_FAMILY).execute(Tuple.of(row.getUUID("family_id")))
            .map(done -> refusal(ErrorCode.TOKEN_INVALID, "this refresh token was used already; the session is ended"));
      }
      if (row.getBoolean("device_revoked")) {
        return Future.succeededFuture(refusal(ErrorCode.DEVICE_REVOKED, "this device was revoked"));
      }
      if (row.getBoolean("expired")) {
        return Future.succeededFuture(refusal(ErrorCode.TOKEN_EXPIRED, "the refresh token has expired; log in again"));
      }
      Actor actor = new Actor(row.getUUID("user_id"), row.getString("username"), Role.fromName(row.getString("role")),
          row.getUUID("unit_id"), row.getString("device_id"));
      return conn.preparedQuery(USE).execute(Tuple.of(row.getUUID("id")))
          .compose(done -> issue(conn, row.getUUID("family_id"), actor.deviceId(), actor.userId()))
          .map(issued -> new Outcome(new Rotated(actor, issued), null));
    })).compose(outcome -> outcome.refused() == null
        ? Future.succeededFuture(outcome.rotated())
        : Future.failedFuture(outcome.refused()));
  }

  /** Either a rotation or, committed all the same, a refusal. */
  private record Outcome(Rotated rotated, ApiError refused) {
  }

  private static Outcome refusal(ErrorCode code, String message) {
    return new Outcome(null, new ApiError(code, "refreshToken", message));
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
