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

/**
 * {@code POST /auth/login}: username, password and device id in, bearer token out.
 *
 * <p>Lock-out: after {@value #USER_LIMIT} failed logins for one username, or {@value #ADDRESS_LIMIT}
 * from one address, within {@value #WINDOW_MINUTES} minutes, further attempts are answered
 * {@code 429 LOGIN_LOCKED} without checking the password, until the oldest of those failures is
 * {@value #WINDOW_MINUTES} minutes old. A successful login clears the user's failures. Nothing is
 * locked for good: a guessing attack is slowed to a few tries an hour, and a forgetful officer
 * waits a quarter of an hour.
 */
public final class LoginHandler implements Handler<RoutingContext> {

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  static final int USER_LIMIT = 5;
  // High enough for a station office where twenty phones share one address.
  static final int ADDRESS_LIMIT = 100;
  static final int WINDOW_MINUTES = 15;
  private static final String FAILURES = """
      SELECT (SELECT count(*) FROM login_failures
              WHERE username = $1 AND failed_at > now() - make_interval(mins => $3)) AS by_user,
             (SELECT count(*) FROM login_failures
              WHERE address = $2 AND failed_at > now() - make_interval(mins => $3)) AS by_address
      """;
  private static final String RECORD_FAILURE = """
      WITH forget AS (DELETE FROM login_failures WHERE failed_at < now() - interval '1 day')
      INSERT INTO login_failures (username, address) VALUES ($1, $2)
      """;
  private static final String CLEAR_FAILURES = "DELETE FROM login_failures WHERE username = $1";

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
  private final RefreshTokens refreshTokens;

  public LoginHandler(Vertx vertx, Pool pool, TokenService tokens, RefreshTokens refreshTokens) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.refreshTokens = refreshTokens;
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
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    pool.preparedQuery(FAILURES).execute(Tuple.of(username, address, WINDOW_MINUTES))
        .compose(counts -> {
          Row count = counts.iterator().next();
          if (count.getLong("by_user") >= USER_LIMIT || count.getLong("by_address") >= ADDRESS_LIMIT) {
            ctx.response().putHeader("Retry-After", Integer.toString(WINDOW_MINUTES * 60));
            return Future.failedFuture(new ApiError(ErrorCode.LOGIN_LOCKED,
                "too many failed logins lately; try again in " + WINDOW_MINUTES + " minutes"));
          }
          return pool.preparedQuery(FIND_USER).execute(Tuple.of(username));
        })
        .compose(rows -> {
          Row user = rows.iterator().hasNext() ? rows.iterator().next() : null;
          // Unordered: logins on one event loop need not wait for each other's bcrypt.
          return vertx.executeBlocking(() -> user == null
                  ? Passwords.matchesNobody(password)
                  : Passwords.matches(password, user.getString("password_hash")), false)
              .compose(matches -> {
                if (user == null || !matches) {
                  return pool.preparedQuery(RECORD_FAILURE).execute(Tuple.of(username, address))
                      .compose(recorded -> Future.failedFuture(
                          new ApiError(ErrorCode.LOGIN_FAILED, "wrong username or password")));
                }
                return pool.preparedQuery(CLEAR_FAILURES).execute(Tuple.of(username)).map(cleared -> user);
              });
        })
        .compose(user -> pool.preparedQuery(REGISTER_DEVICE)
            .execute(Tuple.of(deviceId, user.getUUID("id"), model, appVersion, pushToken))
            .compose(rows -> rows.size() == 0
                ? refusedDevice(deviceId)
                : refreshTokens.issue(pool, deviceId, user.getUUID("id"))
                    .map(refresh -> respond(user, deviceId, rows.iterator().next().getLong("last_seq"), refresh))))
        .onSuccess(json -> ctx.json(json))
        .onFailure(ctx::fail);
  }

  /** The device exists but may not log in: revoked, or another user's. */
  private Future<JsonObject> refusedDevice(String deviceId) {
    return DeviceRefusal.of(pool, deviceId, "deviceId").compose(Future::failedFuture);
  }

  /**
   * {@code POST /auth/refresh}: a refresh token in, a new access token and a new refresh token out.
   * The old refresh token is spent; presenting it again ends the device's session.
   */
  public void refresh(RoutingContext ctx) {
    String token = Bodies.requiredString(Bodies.object(ctx), "refreshToken", "refreshToken");
    refreshTokens.rotate(token)
        .map(rotated -> tokenPair(rotated.actor(), rotated.refresh()))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private JsonObject tokenPair(Actor actor, RefreshTokens.Issued refresh) {
    TokenService.Issued issued = tokens.issue(actor);
    return new JsonObject()
        .put("token", issued.token())
        .put("expiresAt", issued.expiresAt().toString())
        .put("refreshToken", refresh.token())
        .put("refreshExpiresAt", refresh.expiresAt().toInstant().toString());
  }

  private JsonObject respond(Row user, String deviceId, long lastSeq, RefreshTokens.Issued refresh) {
    Actor actor = new Actor(user.getUUID("id"), user.getString("username"),
        Role.fromName(user.getString("role")), user.getUUID("unit_id"), deviceId);
    return tokenPair(actor, refresh)
        .put("user", new JsonObject()
            .put("id", actor.userId().toString())
            .put("username", actor.username())
            .put("displayName", user.getString("display_name"))
            .put("role", actor.role().name())
            .put("unitId", actor.unitId().toString()))
        .put("lastSeq", lastSeq);
  }
}
