package org.inspectsync.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Access tokens")
class TokenServiceTest {

  private static final KeyPair SERVER = Jwts.SIG.ES256.keyPair().build();
  private static final TokenService TOKENS = new TokenService(TokenKeys.es256(SERVER), Duration.ofHours(1),
      Clock.systemUTC());
  private static final Actor LI = new Actor(UUID.randomUUID(), "li", Role.inspector, UUID.randomUUID(), "li-phone");

  @Test
  @DisplayName("a token the server issued names the actor it was issued to")
  void roundTrip() {
    assertEquals(LI, TOKENS.verify(TOKENS.issue(LI).token()));
  }

  /** A clock the test moves by hand. */
  private static final class Hands extends Clock {
    private Instant now = Instant.parse("2026-11-22T08:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  @DisplayName("a token remembered after its first check still expires, and is refused from then on")
  void rememberedTokenExpires() {
    Hands clock = new Hands();
    TokenService tokens = new TokenService(TokenKeys.es256(SERVER), Duration.ofMinutes(15), clock);
    String token = tokens.issue(LI).token();
    assertEquals(LI, tokens.verify(token));
    clock.now = clock.now.plus(Duration.ofMinutes(15)).plusSeconds(20);
    assertEquals(LI, tokens.verify(token), "within the 30 s allowed for servers' clocks to differ");
    clock.now = clock.now.plusSeconds(11);
    for (int attempt = 0; attempt < 2; attempt++) {
      ApiError refused = assertThrows(ApiError.class, () -> tokens.verify(token));
      assertEquals(ErrorCode.TOKEN_EXPIRED, refused.code());
    }
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Claims as the server writes them, for forging. */
  private static JwtBuilder claims(Instant now) {
    return claims(now, TokenService.ISSUER, TokenService.AUDIENCE);
  }

  private static JwtBuilder claims(Instant now, String issuer, String audience) {
    return Jwts.builder().issuer(issuer).audience().add(audience).and()
        .subject(LI.userId().toString()).claim("name", "li").claim("role", "inspector")
        .claim("unit", LI.unitId().toString()).claim("dev", "li-phone")
        .issuedAt(Date.from(now)).expiration(Date.from(now.plus(Duration.ofHours(1))));
  }

  static Stream<Arguments> hostile() {
    Instant now = Instant.now();
    String genuine = TOKENS.issue(LI).token();
    String[] parts = genuine.split("\\.");
    return Stream.of(
        Arguments.of("alg none", (Supplier<String>) () -> base64("{\"alg\":\"none\"}") + "." + parts[1] + ".",
            ErrorCode.TOKEN_INVALID),
        Arguments.of("another key", (Supplier<String>) () -> claims(now)
            .signWith(Jwts.SIG.ES256.keyPair().build().getPrivate(), Jwts.SIG.ES256).compact(), ErrorCode.TOKEN_INVALID),
        Arguments.of("HS256 keyed with the server's public key (algorithm confusion)", (Supplier<String>) () ->
            claims(now).signWith(Keys.hmacShaKeyFor(SERVER.getPublic().getEncoded()), Jwts.SIG.HS256).compact(),
            ErrorCode.TOKEN_INVALID),
        Arguments.of("expired", (Supplier<String>) () -> new TokenService(TokenKeys.es256(SERVER), Duration.ofMinutes(5),
            Clock.fixed(now.minus(Duration.ofHours(2)), ZoneOffset.UTC)).issue(LI).token(), ErrorCode.TOKEN_EXPIRED),
        Arguments.of("not yet valid", (Supplier<String>) () -> claims(now).notBefore(Date.from(now.plus(Duration.ofHours(1))))
            .signWith(SERVER.getPrivate(), Jwts.SIG.ES256).compact(), ErrorCode.TOKEN_INVALID),
        Arguments.of("another issuer", (Supplier<String>) () -> claims(now, "someone-else", TokenService.AUDIENCE)
            .signWith(SERVER.getPrivate(), Jwts.SIG.ES256).compact(), ErrorCode.TOKEN_INVALID),
        Arguments.of("another audience", (Supplier<String>) () -> claims(now, TokenService.ISSUER, "other-api")
            .signWith(SERVER.getPrivate(), Jwts.SIG.ES256).compact(), ErrorCode.TOKEN_INVALID),
        Arguments.of("a payload changed to admin", (Supplier<String>) () -> parts[0] + "."
            + base64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"inspector\"", "\"admin\"")) + "." + parts[2], ErrorCode.TOKEN_INVALID),
        Arguments.of("no device claim", (Supplier<String>) () -> claims(now).claim("dev", null)
            .signWith(SERVER.getPrivate(), Jwts.SIG.ES256).compact(), ErrorCode.TOKEN_INVALID),
        Arguments.of("garbage", (Supplier<String>) () -> "not.a.token", ErrorCode.TOKEN_INVALID));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  @DisplayName("a hostile token is refused with a stable 401 code")
  void refused(String what, Supplier<String> token, ErrorCode expected) {
    ApiError error = assertThrows(ApiError.class, () -> TOKENS.verify(token.get()));
    assertEquals(expected, error.code());
    assertEquals(401, error.httpStatus());
  }
}
