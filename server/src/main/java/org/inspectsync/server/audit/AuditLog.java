package org.inspectsync.server.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.inspectsync.server.identity.Actor;

/**
 * What dispatchers and administrators decided, written in the same transaction as the decision so
 * the log never claims what did not happen nor misses what did.
 */
public final class AuditLog {

  private static final String INSERT = """
      INSERT INTO audit_log (user_id, unit_id, action, subject_id, detail) VALUES ($1, $2, $3, $4, $5)
      """;

  private AuditLog() {
  }

  /** Records {@code action} on {@code subjectId} by {@code actor} (null: the server itself). */
  public static Future<Void> record(SqlConnection conn, Actor actor, UUID unitId, String action, UUID subjectId,
      JsonObject detail) {
    return conn.preparedQuery(INSERT)
        .execute(Tuple.of(actor == null ? null : actor.userId(), unitId, action, subjectId, detail))
        .mapEmpty();
  }
}
