package org.inspectsync.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jsonwebtoken.security.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.inspectsync.server.Config;
import org.inspectsync.server.evidence.LinkSigner;
import org.inspectsync.server.evidence.LocalEvidenceStore;
import org.inspectsync.server.http.ApiRouter;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.identity.Role;
import org.inspectsync.server.identity.TokenKeys;
import org.inspectsync.server.identity.TokenService;
import org.inspectsync.server.push.Hints;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /health tells whether the database answers")
class HealthTest {

  @Test
  @DisplayName("200 when the database is reachable")
  void up() {
    TestServer server = TestServer.shared();
    var response = server.http().get("/health", null);
    assertEquals(200, response.status());
    assertEquals("up", response.body().getString("database"));
  }

  /** The API in front of a database that does not answer. */
  private static Future<Integer> serveWithoutDatabase(Vertx vertx, TokenService tokens) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Pool unreachable = PgBuilder.pool()
        .with(new NetClientOptions().setConnectTimeout(1000))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort).setUser("nobody"))
        .using(vertx)
        .build();
    Config config = Config.forTests(Path.of("target", "test-data"));
    return vertx.createHttpServer()
        .requestHandler(ApiRouter.create(vertx, unreachable, config, tokens, Buffer.buffer("{}"),
            new Hints(null), null, new LocalEvidenceStore(vertx, config.evidence().storeDir()),
            new LinkSigner(new byte[32])))
        .listen(0)
        .map(HttpServer::actualPort);
  }

  private static TokenService tokens() {
    return new TokenService(TokenKeys.hs256(Keys.hmacShaKeyFor(new byte[32])), Duration.ofMinutes(5), Clock.systemUTC());
  }

  @Test
  @DisplayName("503 with a JSON body when the database is not")
  void down(Vertx vertx, VertxTestContext test) throws Exception {
    serveWithoutDatabase(vertx, tokens())
        .compose(port -> vertx.createHttpClient()
            .request(HttpMethod.GET, port, "127.0.0.1", "/health")
            .compose(request -> request.send())
            .compose(response -> response.body().map(body -> {
              assertEquals(503, response.statusCode());
              assertEquals("UNAVAILABLE", new JsonObject(body).getString("code"));
              return body;
            })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  @DisplayName("a push while the database is down answers 503 UNAVAILABLE with Retry-After, not a 500")
  void pushWhileDown(Vertx vertx, VertxTestContext test) throws Exception {
    TokenService tokens = tokens();
    String token = tokens.issue(new Actor(UUID.randomUUID(), "li", Role.inspector, UUID.randomUUID(), "phone-1"))
        .token();
    String batch = "{\"mutations\":[{\"seq\":1,\"type\":\"entity\",\"op\":\"delete\","
        + "\"id\":\"" + UUID.randomUUID() + "\"}]}";
    serveWithoutDatabase(vertx, tokens)
        .compose(port -> vertx.createHttpClient()
            .request(HttpMethod.POST, port, "127.0.0.1", "/sync/push")
            .compose(request -> request.putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json").send(batch))
            .compose(response -> response.body().map(body -> {
              assertEquals(503, response.statusCode(), body.toString());
              assertEquals("UNAVAILABLE", new JsonObject(body).getString("code"));
              assertEquals("10", response.getHeader("Retry-After"));
              return body;
            })))
        .onComplete(test.succeedingThenComplete());
  }
}
