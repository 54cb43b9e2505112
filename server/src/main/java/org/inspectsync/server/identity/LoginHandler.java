package org.inspectsync.server.identity;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.regex.Pattern;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.http.Bodies;

/** {@code POST /auth/login}: username, password and device id in, bearer token out. */
public final class LoginHandler implements Handler<RoutingContext> {

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  private static final String FIND_USER = """
      SELECT id, username, display_name, password_hash, role, unit_id
      FROM users WHERE username = $1
      """;
  private static final String REGISTER_DEVICE = """
      INSERT INTO devices (id, user_id) VALUES ($1, $2)
      ON CONFLICT (id) DO UPDATE SET last_seen_at = now() WHERE devices.user_id = excluded.user_id
      RETURNING last_seq
      """;

  private final Vertx vertx;
  private final Pool pool;
  private final TokenService tokens;

  public LoginHandler(Vertx vertx, Pool pool, TokenService tokens) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String username = Bodies.requiredString(body, "username", "username");
    String password = Bodies.requiredString(body, "password", "password");
    String deviceId = Bodies.requiredString(body, "deviceId", "deviceId");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new ApiError(ErrorCode.FIELD_INVALID, "deviceId",
          "deviceId must be 1 to 100 letters, digits or . _ : -");
    }
    pool.preparedQuery(FIND_USER).execute(Tuple.of(username))
        .compose(rows -> {
          Row user = rows.iterator().hasNext() ? rows.iterator().next() : null;
          // Unordered: logins on one event loop need not wait for each other's bcrypt.
          return vertx.executeBlocking(() -> user == null
                  ? Passwords.matchesNobody(password)
                  : Passwords.matches(password, user.getString("password_hash")), false)
              .compose(matches -> {
                if (user == null || !matches) {
                  return Future.failedFuture(new ApiError(ErrorCode.LOGIN_FAILED, "wrong username or password"));
                }
                return Future.succeededFuture(user);
              });
        })
        .compose(user -> pool.preparedQuery(REGISTER_DEVICE)
            .execute(Tuple.of(deviceId, user.getUUID("id")))
            .compose(rows -> rows.size() == 0
                // Taking over another user's device would make its numbered queue answer for them.
                ? Future.failedFuture(new ApiError(ErrorCode.DEVICE_IN_USE, "deviceId",
                    "this device id is registered to another user; each officer's app needs its own"))
                : Future.succeededFuture(respond(user, deviceId, rows.iterator().next().getLong("last_seq")))))
        .onSuccess(json -> ctx.json(json))
        .onFailure(ctx::fail);
  }

  private JsonObject respond(Row user, String deviceId, long lastSeq) {
    Actor actor = new Actor(user.getUUID("id"), user.getString("username"),
        Role.fromName(user.getString("role")), user.getUUID("unit_id"), deviceId);
    TokenService.Issued issued = tokens.issue(actor);
    return new JsonObject()
        .put("token", issued.token())
        .put("expiresAt", issued.expiresAt().toString())
        .put("user", new JsonObject()
            .put("id", actor.userId().toString())
            .put("username", actor.username())
            .put("displayName", user.getString("display_name"))
            .put("role", actor.role().name())
            .put("unitId", actor.unitId().toString()))
        .put("lastSeq", lastSeq);
  }
}
