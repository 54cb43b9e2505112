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
      INSERT INTO devices (id, user_id, model, app_version, push_token) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO UPDATE SET last_seen_at = now(),
          model = coalesce(excluded.model, devices.model),
          app_version = coalesce(excluded.app_version, devices.app_version),
          push_token = coalesce(excluded.push_token, devices.push_token)
      WHERE devices.user_id = excluded.user_id AND devices.revoked_at IS NULL
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
    // What the app says about itself, for the device list; all optional.
    String model = Bodies.optionalString(body, "model", "model");
    String appVersion = Bodies.optionalString(body, "appVersion", "appVersion");
    String pushToken = Bodies.optionalString(body, "pushToken", "pushToken");
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
            .execute(Tuple.of(deviceId, user.getUUID("id"), model, appVersion, pushToken))
            .compose(rows -> rows.size() == 0
                ? refusedDevice(deviceId)
                : Future.succeededFuture(respond(user, deviceId, rows.iterator().next().getLong("last_seq")))))
        .onSuccess(json -> ctx.json(json))
        .onFailure(ctx::fail);
  }

  /** The device exists but may not log in: revoked, or another user's. */
  private Future<JsonObject> refusedDevice(String deviceId) {
    return DeviceRefusal.of(pool, deviceId, "deviceId").compose(Future::failedFuture);
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
