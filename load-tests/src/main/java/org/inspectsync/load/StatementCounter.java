package org.inspectsync.load;

import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the statements the server's PostgreSQL client sends, through Vert.x's metrics SPI, since
 * {@code pg_stat_statements} is not loaded on every PostgreSQL. The SQL client reports each query
 * command to its connection's {@link ClientMetrics}: a query, a prepared query, and a batch of
 * prepared queries (one statement however many parameter sets it carries). {@code BEGIN},
 * {@code COMMIT} and {@code ROLLBACK} are not query commands and are not counted here; commits come
 * from {@code pg_stat_database} (see {@link ResourceUse}).
 *
 * <p>A <em>wave</em> is a statement sent while its connection had no other statement waiting for
 * an answer: statements pipelined behind one another share a wave, a statement that had to wait
 * for an earlier answer starts a new one. Waves are the round trips the statements cost, leaving
 * out the transaction's own.
 */
final class StatementCounter implements VertxMetricsFactory {

  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong waves = new AtomicLong();

  /** A reading of both counts; a phase's are the difference of two. */
  record Count(long statements, long waves) {

    Count since(Count earlier) {
      return new Count(statements - earlier.statements, waves - earlier.waves);
    }
  }

  Count now() {
    return new Count(statements.get(), waves.get());
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    return new VertxMetrics() {
      @Override
      public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remote, String type, String namespace) {
        return "sql".equals(type) ? new Connection() : null;
      }
    };
  }

  /** One database connection's statements; the SQL client makes one of these per connection. */
  private final class Connection implements ClientMetrics<Object, Object, Object> {
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public Object requestBegin(String uri, Object request) {
      statements.incrementAndGet();
      if (waiting.getAndIncrement() == 0) {
        waves.incrementAndGet();
      }
      return this;
    }

    @Override
    public void responseEnd(Object metric) {
      waiting.decrementAndGet();
    }

    @Override
    public void requestReset(Object metric) {
      waiting.decrementAndGet();
    }
  }
}
