package org.inspectsync.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What PostgreSQL and its driver can do at most, measured with the server's own driver (the
 * Vert.x PostgreSQL client, with the server's connection options) at the server's pool size:
 * every connection runs transactions back to back for a fixed time.
 *
 * <ul>
 *   <li>Raw insert: the rows the server wrote, copied under new ids, {@code batch} to a
 *       transaction, each transaction one inspector's as each push is: {@code BEGIN}, one pipelined batch
 *       of single-row {@code INSERT}s, {@code COMMIT}.
 *       Into the real table (its triggers and foreign keys run), and into a copy with the same
 *       columns, defaults and indexes but no trigger and no foreign key.</li>
 *   <li>The driver alone: {@code BEGIN; SELECT 1; COMMIT}, three round trips and no work.</li>
 * </ul>
 */
final class Ceilings {

  /** The columns a check's row is given; the rest are defaults or set by triggers. */
  static final String COLUMNS = "station_id, entity_id, assignment_id, inspector_id, performed_at, latitude, longitude,"
      + " outcome, remarks, deleted, created_by, updated_by, field_stamps, signed, supersedes, photos";
  private static final String BARE_TABLE = "market_checks_bare";
  /** At most this long of transactions before each ceiling's measured time, not counted. */
  private static final long WARM_UP_MILLIS = 2_000;

  /** One ceiling's figures. {@code transactions} and {@code rows} were committed in {@code elapsed}. */
  record Ceiling(String name, long transactions, long rows, Duration elapsed, ResourceUse use) {

    static Ceiling failed(String name) {
      return new Ceiling(name, 0, 0, Duration.ofNanos(1), new ResourceUse(0, 0, 0, 0));
    }

    double transactionsPerSecond() {
      return transactions / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }

    double rowsPerSecond() {
      return rows / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }
  }

  private final Vertx vertx;
  private final LoadDatabase db;
  private final IngestSettings settings;

  Ceilings(Vertx vertx, LoadDatabase db, IngestSettings settings) {
    this.vertx = vertx;
    this.db = db;
    this.settings = settings;
  }

  /**
   * The last {@code perInspector} rows the server wrote for each inspector, as their column
   * values, to be inserted again under new ids. Grouped by inspector as the phones' batches are:
   * a transaction's rows then add to one person's tallies, as a push's do, and transactions on
   * different connections never wait for each other's tally rows.
   */
  List<List<Tuple>> serverRows(int perInspector) {
    Pool pool = pool(1);
    try {
      Map<Object, List<Tuple>> byInspector = new LinkedHashMap<>();
      for (Row row : pool.query("SELECT " + COLUMNS + " FROM (SELECT *, row_number() OVER (PARTITION BY inspector_id"
          + " ORDER BY change_seq DESC) AS latest FROM market_checks) AS c WHERE latest <= " + perInspector
          + " ORDER BY inspector_id, change_seq").execute().await()) {
        Tuple values = Tuple.tuple();
        for (int c = 0; c < row.size(); c++) {
          values.addValue(row.getValue(c));
        }
        byInspector.computeIfAbsent(row.getValue("inspector_id"), k -> new ArrayList<>()).add(values);
      }
      return List.copyOf(byInspector.values());
    } finally {
      pool.close().await();
    }
  }

  /** A table like market_checks without its triggers and foreign keys. */
  void createBareTable() {
    Pool pool = pool(1);
    try {
      pool.query("CREATE TABLE " + BARE_TABLE + " (LIKE market_checks INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
          + " INCLUDING INDEXES)").execute().await();
    } finally {
      pool.close().await();
    }
  }

  Ceiling rawInsert(List<List<Tuple>> rowsByInspector, boolean bare) throws SQLException, InterruptedException {
    int parameters = COLUMNS.split(", ").length + 1;
    StringBuilder placeholders = new StringBuilder("$1");
    for (int p = 2; p <= parameters; p++) {
      placeholders.append(", $").append(p);
    }
    // The bare table has no trigger to stamp the change, so the statement does what stamp_change does.
    String sql = bare
        ? "INSERT INTO " + BARE_TABLE + " (id, " + COLUMNS + ", txid, change_seq) VALUES (" + placeholders
            + ", pg_current_xact_id(), nextval('change_seq'))"
        : "INSERT INTO market_checks (id, " + COLUMNS + ") VALUES (" + placeholders + ")";
    return measure(bare ? "raw insert, table without triggers or foreign keys" : "raw insert, market_checks",
        settings.batch(), connection -> {
          // Connection c takes the inspectors c, c + poolSize, ... in turn, one to a transaction.
          List<List<Tuple>> own = new ArrayList<>();
          for (int i = connection; i < rowsByInspector.size(); i += settings.poolSize()) {
            own.add(rowsByInspector.get(i));
          }
          if (own.isEmpty()) {
            own.add(rowsByInspector.get(connection % rowsByInspector.size()));
          }
          AtomicLong next = new AtomicLong();
          return conn -> {
            long n = next.getAndIncrement();
            List<Tuple> rows = own.get((int) (n % own.size()));
            List<Tuple> batch = new ArrayList<>(settings.batch());
            for (int r = 0; r < settings.batch(); r++) {
              Tuple source = rows.get(r % rows.size());
              Tuple row = Tuple.of(UUID.randomUUID());
              for (int c = 0; c < source.size(); c++) {
                row.addValue(source.getValue(c));
              }
              batch.add(row);
            }
            return conn.preparedQuery(sql).executeBatch(batch).mapEmpty();
          };
        });
  }

  Ceiling driverAlone() throws SQLException, InterruptedException {
    return measure("driver alone, BEGIN; SELECT 1; COMMIT", 0,
        connection -> conn -> conn.query("SELECT 1").execute().mapEmpty());
  }

  /**
   * Runs {@code work} in a transaction on every connection of a fresh pool, back to back: a
   * warm-up, then the measured time. The figures count transactions committed in that time.
   */
  private Ceiling measure(String name, int rowsEach,
      IntFunction<Function<SqlConnection, Future<Void>>> workOfConnection)
      throws SQLException, InterruptedException {
    Pool pool = pool(settings.poolSize());
    AtomicLong transactions = new AtomicLong();
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<Void>> loops = new ArrayList<>();
    ResourceUse before;
    ResourceUse end;
    long elapsed;
    try {
      for (int c = 0; c < settings.poolSize(); c++) {
        Promise<Void> done = Promise.promise();
        Function<SqlConnection, Future<Void>> work = workOfConnection.apply(c);
        vertx.runOnContext(ignored -> loop(pool, work, running, counting, transactions, done));
        loops.add(done.future());
      }
      Thread.sleep(Math.min(settings.warmUp().toMillis(), WARM_UP_MILLIS));
      before = ResourceUse.now(db);
      long start = System.nanoTime();
      counting.set(true);
      Thread.sleep(settings.ceiling().toMillis());
      counting.set(false);
      elapsed = System.nanoTime() - start;
      // CPU now, while the backends are alive; their statistics once they have closed.
      end = ResourceUse.now(db);
      running.set(false);
      Future.all(loops).await();
    } finally {
      running.set(false);
      pool.close().await();
    }
    // Closed connections have sent their statistics; a moment for the backends to exit.
    Thread.sleep(300);
    ResourceUse closed = ResourceUse.now(db);
    ResourceUse use = new ResourceUse(end.jvmCpuNanos(), end.backendCpuNanos(), closed.commits(),
        closed.tuplesWritten()).since(before);
    long committed = transactions.get();
    return new Ceiling(name, committed, committed * rowsEach, Duration.ofNanos(elapsed), use);
  }

  private static void loop(Pool pool, Function<SqlConnection, Future<Void>> work, AtomicBoolean running,
      AtomicBoolean counting, AtomicLong transactions, Promise<Void> done) {
    if (!running.get()) {
      done.tryComplete();
      return;
    }
    pool.withTransaction(work).onComplete(result -> {
      if (result.failed()) {
        done.tryFail(result.cause());
        return;
      }
      if (counting.get()) {
        transactions.incrementAndGet();
      }
      loop(pool, work, running, counting, transactions, done);
    });
  }

  private Pool pool(int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(db.settings().connectOptions())
        .using(vertx)
        .build();
  }
}
