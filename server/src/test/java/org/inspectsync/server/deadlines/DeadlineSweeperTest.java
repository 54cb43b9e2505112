package org.inspectsync.server.deadlines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A notice past its deadline without verification gets one re-inspection, for its issuer")
class DeadlineSweeperTest {

  private static final TestServer server = TestServer.shared();
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private final DeadlineSweeper sweeper = new DeadlineSweeper(server.server().pool());
  private final LocalDate today = LocalDate.now(SHANGHAI);
  private UUID east;
  private UUID li;
  private UUID entity;

  @BeforeEach
  void fixtures() {
    TestDatabase.reset();
    east = Fixtures.station("east");
    li = Fixtures.user("li", "inspector", east);
    Fixtures.user("wang", "inspector", east);
    entity = Fixtures.entity(east);
  }

  /** A check and a notice on it, issued on {@code issuedOn} with {@code days} to rectify. */
  private static UUID issue(Phone phone, UUID entity, LocalDate issuedOn, int days, Map<String, Object> more) {
    UUID check = phone.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    Map<String, Object> notice = new HashMap<>(Map.of("checkId", check.toString(), "requiredActions",
        "clean the cold store", "issuedOn", issuedOn.toString(), "deadlineDays", days));
    notice.putAll(more);
    return phone.create(RecordType.NOTICE, notice);
  }

  private UUID issue(Phone phone, LocalDate issuedOn, int days) {
    return issue(phone, entity, issuedOn, days, Map.of());
  }

  private static void synced(Phone phone) {
    phone.sync();
    assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString());
  }

  private static List<UUID> sweep(DeadlineSweeper sweeper) {
    return sweeper.sweep().await();
  }

  private static Row reinspectionOf(UUID notice) {
    var rows = server.server().pool().preparedQuery("""
        SELECT id, station_id, inspector_ids, ever_assigned, entity_ids, kind, due_on, note, status, created_by
        FROM assignments WHERE notice_id = $1
        """).execute(Tuple.of(notice)).await();
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  @Test
  @DisplayName("an overdue notice: one re-inspection due today for its issuer, on their phone; a second sweep adds none")
  void oneReinspection() {
    Phone phone = server.phone("li");
    phone.leaseNoticeNumbers(1, today.minusDays(10).getYear());
    String number = phone.nextNoticeNumber();
    UUID notice = issue(phone, entity, today.minusDays(10), 5, Map.of("noticeNumber", number));
    synced(phone);

    List<UUID> created = sweep(sweeper);
    assertEquals(1, created.size());
    Row assignment = reinspectionOf(notice);
    assertEquals(created.get(0), assignment.getUUID("id"));
    assertEquals(east, assignment.getUUID("station_id"));
    assertEquals("reinspection", assignment.getString("kind"));
    assertEquals("sent", assignment.getString("status"));
    assertEquals(today, assignment.getLocalDate("due_on"));
    assertArrayEquals(new UUID[] {entity}, assignment.getArrayOfUUIDs("entity_ids"));
    assertArrayEquals(new UUID[] {li}, assignment.getArrayOfUUIDs("inspector_ids"));
    assertArrayEquals(new UUID[] {li}, assignment.getArrayOfUUIDs("ever_assigned"));
    assertNull(assignment.getUUID("created_by"), "made by the server, not by a person");
    String note = assignment.getString("note");
    assertTrue(note.contains(number) && note.contains(today.minusDays(5).toString()), note);
    assertEquals(1, Fixtures.count("""
        SELECT count(*) FROM audit_log WHERE action = 'reinspection.create' AND user_id IS NULL AND subject_id = ?
          AND unit_id = ? AND detail ->> 'noticeId' = ?
        """, created.get(0), east, notice.toString()));

    synced(phone);
    Change pulled = phone.records(RecordType.ASSIGNMENT).get(created.get(0));
    assertEquals("reinspection", pulled.data().get("kind"));
    assertEquals(today.toString(), pulled.data().get("dueOn"));
    assertEquals(notice.toString(), pulled.data().get("noticeId"));
    Phone wang = server.phone("wang");
    synced(wang);
    assertTrue(wang.records(RecordType.ASSIGNMENT).isEmpty(), "it is li's re-inspection, not wang's");

    assertEquals(List.of(), sweep(sweeper));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM assignments"));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'reinspection.create'"));
  }

  @Test
  @DisplayName("three sweeps at once, as on three server instances, create exactly one re-inspection per notice")
  void concurrentSweeps() {
    Phone phone = server.phone("li");
    Set<UUID> notices = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      notices.add(issue(phone, today.minusDays(20 + i), 3));
    }
    synced(phone);
    List<DeadlineSweeper> instances = List.of(sweeper, new DeadlineSweeper(server.server().pool()),
        new DeadlineSweeper(server.server().pool()));
    List<Future<List<UUID>>> runs = instances.stream().map(DeadlineSweeper::sweep).toList();
    Future.all(runs).await();

    List<UUID> all = new ArrayList<>();
    runs.forEach(run -> all.addAll(run.result()));
    assertEquals(8, all.size(), "each re-inspection is reported by the one sweep that created it");
    assertEquals(8, new HashSet<>(all).size());
    assertEquals(8, Fixtures.count("SELECT count(DISTINCT notice_id) FROM assignments WHERE kind = 'reinspection'"));
    assertEquals(8, Fixtures.count("SELECT count(*) FROM assignments"));
    assertEquals(8, Fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'reinspection.create'"));
    for (UUID notice : notices) {
      assertTrue(all.contains(reinspectionOf(notice).getUUID("id")));
    }
  }

  @Test
  @DisplayName("verified, superseded, deleted and not-yet-due notices get none; a rectified one still does")
  void onlyLiveUnverifiedOverdue() {
    Phone phone = server.phone("li");
    UUID overdue = issue(phone, today.minusDays(3), 2);
    UUID rectified = issue(phone, today.minusDays(3), 2);
    UUID verified = issue(phone, today.minusDays(3), 2);
    UUID superseded = issue(phone, today.minusDays(3), 2);
    UUID deleted = issue(phone, today.minusDays(3), 2);
    UUID dueToday = issue(phone, today.minusDays(2), 2);
    UUID dueTomorrow = issue(phone, today, 1);
    synced(phone);
    phone.update(RecordType.NOTICE, rectified, Map.of("status", "rectified"));
    phone.update(RecordType.NOTICE, verified, Map.of("status", "verified"));
    UUID correction = issue(phone, entity, today.minusDays(3), 30, Map.of("supersedes", superseded.toString()));
    synced(phone);
    Fixtures.update("UPDATE rectification_notices SET deleted = true WHERE id = ?", deleted);

    List<UUID> created = sweep(sweeper);
    assertEquals(2, created.size());
    assertTrue(created.contains(reinspectionOf(overdue).getUUID("id")));
    assertTrue(created.contains(reinspectionOf(rectified).getUUID("id")));
    for (UUID none : List.of(verified, superseded, correction, deleted, dueToday, dueTomorrow)) {
      assertNull(reinspectionOf(none), "no re-inspection for " + none);
    }
  }

  @Test
  @DisplayName("the issuer has left the station, or is no longer an inspector: the re-inspection waits for the dispatcher")
  void issuerGone() {
    Phone phone = server.phone("li");
    UUID movedAway = issue(phone, today.minusDays(9), 1);
    synced(phone);
    UUID west = Fixtures.station("west");
    Fixtures.update("UPDATE users SET unit_id = ? WHERE id = ?", west, li);
    sweep(sweeper);
    assertArrayEquals(new UUID[0], reinspectionOf(movedAway).getArrayOfUUIDs("inspector_ids"));
    assertArrayEquals(new UUID[0], reinspectionOf(movedAway).getArrayOfUUIDs("ever_assigned"));
    assertEquals(east, reinspectionOf(movedAway).getUUID("station_id"), "it stays with the station that issued it");

    UUID zhou = Fixtures.user("zhou", "inspector", east);
    Phone zhouPhone = server.phone("zhou");
    UUID promoted = issue(zhouPhone, today.minusDays(9), 1);
    synced(zhouPhone);
    Fixtures.update("UPDATE users SET role = 'dispatcher' WHERE id = ?", zhou);
    sweep(sweeper);
    assertArrayEquals(new UUID[0], reinspectionOf(promoted).getArrayOfUUIDs("inspector_ids"));
  }

  @Test
  @DisplayName("'yesterday' is the station's: UTC+14 is overdue while UTC-11, a day behind, is not yet")
  void stationTimeZone() {
    UUID kiritimati = Fixtures.station("line islands");
    UUID pagoPago = Fixtures.station("samoa");
    Fixtures.update("UPDATE org_units SET time_zone = 'Pacific/Kiritimati' WHERE id = ?", kiritimati);
    Fixtures.update("UPDATE org_units SET time_zone = 'Pacific/Pago_Pago' WHERE id = ?", pagoPago);
    Fixtures.user("kiri", "inspector", kiritimati);
    Fixtures.user("pago", "inspector", pagoPago);
    LocalDate kiritimatiToday = LocalDate.now(ZoneId.of("Pacific/Kiritimati"));
    // Due yesterday in Kiritimati: 25 hours ahead of Pago Pago, where that day is today or later,
    // whatever the hour in UTC. A sweep counting in UTC (or any one zone) gets one of them wrong.
    LocalDate issuedOn = kiritimatiToday.minusDays(2);
    Phone kiriPhone = server.phone("kiri");
    UUID due = issue(kiriPhone, Fixtures.entity(kiritimati), issuedOn, 1, Map.of());
    synced(kiriPhone);
    Phone pagoPhone = server.phone("pago");
    UUID notYet = issue(pagoPhone, Fixtures.entity(pagoPago), issuedOn, 1, Map.of());
    synced(pagoPhone);

    List<UUID> created = sweep(sweeper);
    assertEquals(1, created.size());
    assertEquals(kiritimatiToday, reinspectionOf(due).getLocalDate("due_on"), "due today in Kiritimati");
    assertNull(reinspectionOf(notYet));
    assertFalse(LocalDate.now(ZoneId.of("Pacific/Pago_Pago")).isAfter(issuedOn.plusDays(1)));
  }
}
