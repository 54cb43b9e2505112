package org.inspectsync.server.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.http.ApiError;

/** Why a known device id may not be used by this user: it was revoked, or it is another user's. */
public final class DeviceRefusal {

  private static final String OWNER = "SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE id = $1";

  private DeviceRefusal() {
  }

  /**
   * The error to answer for a device that exists but refused this user.
   *
   * @param field where the device id came from in the request, or null when it came with the token
   */
  public static Future<ApiError> of(SqlClient client, String deviceId, String field) {
    return client.preparedQuery(OWNER).execute(Tuple.of(deviceId)).map(rows -> rows.iterator().next()
        .getBoolean("revoked")
        ? new ApiError(ErrorCode.DEVICE_REVOKED, field, "this device was revoked; install the app anew")
        // Taking over another user's device would make its numbered queue answer for them.
        : new ApiError(ErrorCode.DEVICE_IN_USE, field,
            "this device id is registered to another user; each officer's app needs its own"));
  }
}
