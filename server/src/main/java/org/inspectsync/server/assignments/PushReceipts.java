package org.inspectsync.server.assignments;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.inspectsync.server.push.PushDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes what became of each push: receipts marked pushed, and dead FCM tokens forgotten. */
public final class PushReceipts implements PushDispatcher.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(PushReceipts.class);
  private static final String DROP_TOKEN = "UPDATE devices SET push_token = NULL WHERE id = $1 AND push_token = $2";

  private final Pool pool;

  public PushReceipts(Pool pool) {
    this.pool = pool;
  }

  @Override
  public void sent(String deviceId) {
    Receipts.pushed(pool, deviceId)
        .onFailure(failure -> LOG.warn("could not mark pushes to {} as sent", deviceId, failure));
  }

  /** Only this token is dropped: if the phone has registered a new one meanwhile, it stays. */
  @Override
  public void unregistered(String deviceId, String token) {
    pool.preparedQuery(DROP_TOKEN).execute(Tuple.of(deviceId, token))
        .onSuccess(dropped -> LOG.info("FCM no longer knows device {}'s token; dropped it", deviceId))
        .onFailure(failure -> LOG.warn("could not drop device {}'s dead token", deviceId, failure));
  }

  @Override
  public void gaveUp(String deviceId, String reason) {
    LOG.warn("gave up pushing to device {}: {}; it learns of its work when it next syncs", deviceId, reason);
  }
}
