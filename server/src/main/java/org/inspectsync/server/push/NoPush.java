package org.inspectsync.server.push;

import io.vertx.core.Future;
import java.util.Collections;
import java.util.List;

/** Push switched off: see {@link PushChannel#off()}. */
final class NoPush implements PushChannel {

  static final NoPush INSTANCE = new NoPush();

  private NoPush() {
  }

  @Override
  public String name() {
    return "off";
  }

  @Override
  public Future<List<Outcome>> send(List<String> tokens) {
    return Future.succeededFuture(Collections.nCopies(tokens.size(), Outcome.FAILED));
  }
}
