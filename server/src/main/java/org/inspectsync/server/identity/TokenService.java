package org.inspectsync.server.identity;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;

/**
 * Issues and checks the bearer tokens (JWT, ES256 by default) that carry an {@link Actor}. A token
 * is accepted only if it is signed with the configured algorithm and key, for this issuer and
 * audience, and within its validity: "none", another algorithm, another key, a changed payload,
 * an expired or not-yet-valid token are all refused.
 *
 * <p>Checking an ES256 signature costs more CPU than the rest of a small push, and a phone sends
 * the same token with every request for its lifetime, so tokens that passed are remembered (the
 * most recent {@link #REMEMBERED}) until they expire. Only the signature check is saved: whether
 * the device is revoked, and the user's role and unit, are still read on every request.
 */
public final class TokenService {

  static final String ISSUER = "inspectsync";
  static final String AUDIENCE = "inspectsync-api";
  static final int REMEMBERED = 50_000;
  private static final Duration SKEW = Duration.ofSeconds(30);

  private final TokenKeys keys;
  private final Duration ttl;
  private final Clock clock;
  private final JwtParser parser;
  private final Map<String, Checked> checked = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
      return size() > REMEMBERED;
    }
  });

  /** A token whose signature and claims passed, and until when it is valid. */
  private record Checked(Actor actor, Instant expiresAt) {
  }

  public TokenService(TokenKeys keys, Duration ttl, Clock clock) {
    this.keys = keys;
    this.ttl = ttl;
    this.clock = clock;
    JwtParserBuilder builder = Jwts.parser();
    if (keys.verifyingKey() instanceof PublicKey publicKey) {
      builder.verifyWith(publicKey);
    } else {
      builder.verifyWith((SecretKey) keys.verifyingKey());
    }
    this.parser = builder
        .requireIssuer(ISSUER)
        .requireAudience(AUDIENCE)
        // Servers behind one balancer may disagree by a few seconds.
        .clockSkewSeconds(SKEW.toSeconds())
        .clock(() -> Date.from(clock.instant()))
        .build();
  }

  public record Issued(String token, Instant expiresAt) {
  }

  public Issued issue(Actor actor) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    JwtBuilder builder = Jwts.builder()
        .issuer(ISSUER)
        .audience().add(AUDIENCE).and()
        .subject(actor.userId().toString())
        .claim("name", actor.username())
        .claim("role", actor.role().name())
        .claim("unit", actor.unitId().toString())
        .claim("dev", actor.deviceId())
        .issuedAt(Date.from(now))
        .notBefore(Date.from(now))
        .expiration(Date.from(expiresAt));
    String token = keys.signingKey() instanceof PrivateKey privateKey
        ? builder.signWith(privateKey, Jwts.SIG.ES256).compact()
        : builder.signWith((SecretKey) keys.signingKey(), Jwts.SIG.HS256).compact();
    return new Issued(token, expiresAt);
  }

  /** The actor a token speaks for; a bad token fails with a 401 {@link ApiError}. */
  public Actor verify(String token) {
    Checked known = checked.get(token);
    if (known != null) {
      if (clock.instant().isAfter(known.expiresAt().plus(SKEW))) {
        checked.remove(token);
        throw new ApiError(ErrorCode.TOKEN_EXPIRED, "the token has expired; log in again");
      }
      return known.actor();
    }
    return check(token);
  }

  private Actor check(String token) {
    Claims claims;
    try {
      claims = parser.parseSignedClaims(token).getPayload();
    } catch (ExpiredJwtException e) {
      throw new ApiError(ErrorCode.TOKEN_EXPIRED, "the token has expired; log in again");
    } catch (JwtException | IllegalArgumentException e) {
      throw new ApiError(ErrorCode.TOKEN_INVALID, "the token is not valid");
    }
    try {
      Role role = Role.fromName(claims.get("role", String.class));
      String device = claims.get("dev", String.class);
      if (role == null || device == null) {
        throw new ApiError(ErrorCode.TOKEN_INVALID, "the token is not valid");
      }
      Actor actor = new Actor(UUID.fromString(claims.getSubject()), claims.get("name", String.class), role,
          UUID.fromString(claims.get("unit", String.class)), device);
      if (claims.getExpiration() != null) {
        checked.put(token, new Checked(actor, claims.getExpiration().toInstant()));
      }
      return actor;
    } catch (IllegalArgumentException | NullPointerException | io.jsonwebtoken.RequiredTypeException e) {
      throw new ApiError(ErrorCode.TOKEN_INVALID, "the token is not valid");
    }
  }
}
