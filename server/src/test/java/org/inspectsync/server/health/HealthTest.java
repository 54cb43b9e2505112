package org.inspectsync.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jsonwebtoken.security.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
import org.inspectsync.server.Config;
import org.inspectsync.server.http.ApiRouter;
import org.inspectsync.server.identity.TokenService;
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

  @Test
  @DisplayName("503 with a JSON body when the database is not")
  void down(Vertx vertx, VertxTestContext test) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Pool unreachable = PgBuilder.pool()
        .with(new NetClientOptions().setConnectTimeout(1000))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort).setUser("nobody"))
        .using(vertx)
        .build();
    TokenService tokens = new TokenService(Keys.hmacShaKeyFor(new byte[32]), Duration.ofMinutes(5), Clock.systemUTC());
    Config config = Config.forTests(Path.of("target", "test-data"));
    vertx.createHttpServer()
        .requestHandler(ApiRouter.create(vertx, unreachable, config, tokens, Buffer.buffer("{}")))
        .listen(0)
        .compose(server -> vertx.createHttpClient()
            .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/health")
            .compose(request -> request.send())
            .compose(response -> response.body().map(body -> {
              assertEquals(503, response.statusCode());
              assertEquals("UNAVAILABLE", new JsonObject(body).getString("code"));
              return body;
            })))
        .onComplete(test.succeedingThenComplete());
  }
}
