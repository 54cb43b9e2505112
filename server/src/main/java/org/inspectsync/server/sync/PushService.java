package org.inspectsync.server.sync;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.PushResponse;
import org.inspectsync.server.assignments.AssignmentRepository;
import org.inspectsync.server.db.SqlState;
import org.inspectsync.server.http.ApiError;
import org.inspectsync.server.identity.Actor;
import org.inspectsync.server.notices.NoticeNumbers;
import org.inspectsync.server.records.RecordSql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a device's batch exactly once. Everything happens in one transaction: the device's
 * counter is locked, replayed numbers are answered from what was recorded, new mutations are
 * planned and written, and the counter moves forward with them. A crash anywhere rolls it all
 * back, and the phone, having no reply, sends the same batch again.
 *
 * <p>Round trips per batch: lock the device; read recorded outcomes, the records the batch
 * touches (those it writes locked) and its notice numbers, pipelined; write everything,
 * pipelined, a run of the same statement as one batch; one more pair only when checks move
 * assignments, and a few more when the batch creates a record that parked mutations were waiting
 * for; commit.
 */
public final class PushService {

  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);
  private static final int ATTEMPTS = 3;

  private final Pool pool;

  public PushService(Pool pool) {
    this.pool = pool;
  }

  public Future<PushResponse> push(Actor actor, List<DecodedMutation> batch) {
    return push(actor, batch, null);
  }

  /** @param outboxAge what the phone reports of its outbox ({@code X-Outbox-Age}), or null */
  public Future<PushResponse> push(Actor actor, List<DecodedMutation> batch, Integer outboxAge) {
    return attempt(actor, batch, outboxAge, 1);
  }

  /** Deadlocks and races between devices end in a clean rollback; the batch is simply tried again. */
  private Future<PushResponse> attempt(Actor actor, List<DecodedMutation> batch, Integer outboxAge, int attempt) {
    return pool.withTransaction(conn -> pushInTransaction(conn, actor, batch, outboxAge))
        .recover(failure -> {
          if (attempt < ATTEMPTS && failure instanceof PgException pg && SqlState.isTransient(pg.getSqlState())) {
            return attempt(actor, batch, outboxAge, attempt + 1);
          }
          return Future.failedFuture(failure);
        });
  }

  private Future<PushResponse> pushInTransaction(SqlConnection conn, Actor actor, List<DecodedMutation> batch,
      Integer outboxAge) {
    long firstSeq = batch.get(0).seq();
    long lastSeqInBatch = batch.get(batch.size() - 1).seq();
    return SyncRepository.lockDevice(conn, actor.deviceId(), actor.userId(), outboxAge).compose(device -> {
      if (firstSeq > device.lastSeq() + 1) {
        return Future.failedFuture(new ApiError(ErrorCode.SEQUENCE_GAP, "mutations[0].seq",
            "this device's next mutation number is " + (device.lastSeq() + 1) + ", not " + firstSeq
                + "; send the queue from there").with("expectedSeq", device.lastSeq() + 1));
      }
      List<DecodedMutation> fresh = batch.stream().filter(m -> m.seq() > device.lastSeq()).toList();
      Future<Map<Long, MutationResult>> replayed = firstSeq <= device.lastSeq()
          ? SyncRepository.recordedOutcomes(conn, actor.deviceId(), firstSeq, Math.min(device.lastSeq(), lastSeqInBatch))
          : Future.succeededFuture(Map.of());
      if (fresh.isEmpty()) {
        return replayed.map(recorded -> new PushResponse(replayResults(batch, recorded), device.lastSeq(),
            visibleAt(device.lastTxid(), actor)));
      }
      Future<BatchPlanner.Plan> plan = plan(conn, actor, fresh);
      return Future.all(replayed, plan)
          .compose(read -> apply(conn, actor, logRefusals(actor, plan.result()), lastSeqInBatch))
          .map(applied -> {
            List<MutationResult> results = new ArrayList<>(replayResults(batch.subList(0, batch.size() - fresh.size()),
                replayed.result()));
            results.addAll(applied.results());
            return new PushResponse(results, lastSeqInBatch, visibleAt(applied.txid(), actor));
          });
    });
  }

  private record Applied(List<MutationResult> results, long txid) {
  }

  /** Writes outside one's scope are kept in the log for the security officer. */
  private static BatchPlanner.Plan logRefusals(Actor actor, BatchPlanner.Plan plan) {
    for (MutationResult result : plan.results()) {
      if (ErrorCode.OUT_OF_SCOPE.name().equals(result.code())) {
        LOG.warn("refused mutation {} of {} on device {}: {}", result.seq(), actor.username(), actor.deviceId(),
            result.message());
      }
    }
    return plan;
  }

  private static Future<Applied> apply(SqlConnection conn, Actor actor, BatchPlanner.Plan plan, long lastSeq) {
    // Issued together so the client pipelines them; they run in order on the connection.
    Future<Void> written = write(conn, actor, plan);
    Future<Void> recorded = SyncRepository.recordOutcomes(conn, actor.deviceId(), plan.worthRecording());
    Future<Long> txid = SyncRepository.advanceDevice(conn, actor.deviceId(), lastSeq);
    return Future.all(written, recorded, txid)
        .compose(done -> ParkedMutations.release(conn, plan.created()))
        .map(done -> new Applied(plan.results(), txid.result()));
  }

  /** Reads what the mutations touch (pipelined) and plans them as {@code actor}. */
  static Future<BatchPlanner.Plan> plan(SqlConnection conn, Actor actor, List<DecodedMutation> mutations) {
    Future<Map<KnownRecord.Key, KnownRecord>> known = SyncRepository.knownRecords(conn, mutations);
    Future<NoticeNumbers> numbers = SyncRepository.noticeNumbers(conn, actor.deviceId(), actor.unitId(), mutations);
    return Future.all(known, numbers)
        .map(read -> BatchPlanner.plan(actor, mutations, known.result(), numbers.result()));
  }

  /**
   * Runs a plan's statements in order, keeps its conflicts and parked mutations, and moves
   * assignments. A run of the same statement (64 new checks, say) goes as one batch: bound once
   * per row, answered once.
   */
  static Future<Void> write(SqlConnection conn, Actor actor, BatchPlanner.Plan plan) {
    List<Statement> statements = plan.statements();
    List<Future<?>> writes = new ArrayList<>();
    int start = 0;
    while (start < statements.size()) {
      String sql = statements.get(start).sql();
      int end = start + 1;
      while (end < statements.size() && statements.get(end).sql().equals(sql)) {
        end++;
      }
      writes.add(end - start == 1
          ? conn.preparedQuery(sql).execute(statements.get(start).params())
          : conn.preparedQuery(sql).executeBatch(statements.subList(start, end).stream().map(Statement::params).toList()));
      start = end;
    }
    writes.add(SyncRepository.recordConflicts(conn, actor.unitId(), plan.conflicts(), plan.retractions()));
    writes.add(ParkedMutations.park(conn, actor, plan.parked()));
    return Future.all(writes).compose(done -> AssignmentRepository.advanceAndReceipt(conn, actor.deviceId(),
        plan.assignmentsSeen(), plan.assignmentsToAdvance()));
  }

  /** The answers recorded for mutations this device already sent; unrecorded ones were plainly applied. */
  private static List<MutationResult> replayResults(List<DecodedMutation> replayed, Map<Long, MutationResult> recorded) {
    List<MutationResult> results = new ArrayList<>(replayed.size());
    for (DecodedMutation mutation : replayed) {
      results.add(recorded.getOrDefault(mutation.seq(), MutationResult.applied(mutation.seq())));
    }
    return results;
  }

  private static String visibleAt(Long txid, Actor actor) {
    return txid == null ? Cursor.START.encode() : new StationCursor(Cursor.after(txid), actor.unitId()).encode();
  }
}
