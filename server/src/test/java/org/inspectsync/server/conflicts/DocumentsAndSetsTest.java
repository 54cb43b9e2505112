package org.inspectsync.server.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Legal documents are superseded, never edited; evidence and notes only grow")
class DocumentsAndSetsTest {

  private static final TestServer server = TestServer.shared();
  private static final String PHOTO_A = "a".repeat(64);
  private static final String PHOTO_B = "b".repeat(64);
  private static final String PHOTO_C = "c".repeat(64);

  private Phone li;
  private Phone wang;
  private UUID check;

  @BeforeEach
  void aCheck() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    Fixtures.user("li", "inspector", station);
    Fixtures.user("wang", "inspector", station);
    UUID entity = Fixtures.entity(station);
    li = server.phone("li");
    wang = server.phone("wang");
    check = li.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    li.sync();
  }

  private static MutationResult last(Phone phone) {
    List<MutationResult> rejections = phone.rejections();
    return rejections.isEmpty() ? null : rejections.get(rejections.size() - 1);
  }

  private UUID notice() {
    UUID notice = li.create(RecordType.NOTICE, Map.of("checkId", check.toString(), "requiredActions",
        "keep a purchase ledger", "issuedOn", "2026-11-22", "deadlineDays", 7));
    li.sync();
    return notice;
  }

  @Test
  @DisplayName("an issued notice's text cannot be edited, but its status moves and photos are added")
  void issuedNoticeIsFrozen() {
    UUID notice = notice();
    li.update(RecordType.NOTICE, notice, Map.of("requiredActions", "something milder"));
    li.sync();
    assertEquals("DOCUMENT_IMMUTABLE", last(li).code());
    assertEquals("data.requiredActions", last(li).field());

    li.update(RecordType.NOTICE, notice, Map.of("status", "rectified", "photos", List.of(PHOTO_A)));
    li.sync();
    assertEquals(1, li.rejections().size(), () -> li.rejections().toString());
    Change pulled = li.records(RecordType.NOTICE).get(notice);
    assertEquals("keep a purchase ledger", pulled.data().get("requiredActions"));
    assertEquals("rectified", pulled.data().get("status"));
    assertEquals(List.of(PHOTO_A), pulled.data().get("photos"));
  }

  @Test
  @DisplayName("a correction is a new notice that supersedes the old one; both stay readable; only once")
  void supersede() {
    UUID old = notice();
    UUID corrected = li.create(RecordType.NOTICE, Map.of("checkId", check.toString(), "requiredActions",
        "keep a purchase ledger and cold-chain records", "issuedOn", "2026-11-22", "deadlineDays", 10,
        "supersedes", old.toString()));
    li.sync();
    assertTrue(li.rejections().isEmpty(), () -> li.rejections().toString());

    wang.sync();
    Change oldNotice = wang.records(RecordType.NOTICE).get(old);
    Change newNotice = wang.records(RecordType.NOTICE).get(corrected);
    assertEquals(corrected.toString(), oldNotice.data().get("supersededBy"));
    assertEquals("keep a purchase ledger", oldNotice.data().get("requiredActions"));
    assertEquals(old.toString(), newNotice.data().get("supersedes"));

    wang.create(RecordType.NOTICE, Map.of("checkId", check.toString(), "requiredActions", "another take",
        "issuedOn", "2026-11-22", "deadlineDays", 3, "supersedes", old.toString()));
    wang.sync();
    assertEquals("DOCUMENT_SUPERSEDED", last(wang).code());
    assertEquals("data.supersedes", last(wang).field());
  }

  @Test
  @DisplayName("a check is editable until signed, then frozen, and cannot be unsigned")
  void signedCheck() {
    li.update(RecordType.CHECK, check, Map.of("outcome", "passed", "remarks", "fixed on the spot"));
    li.update(RecordType.CHECK, check, Map.of("signed", true));
    li.sync();
    assertTrue(li.rejections().isEmpty(), () -> li.rejections().toString());

    li.update(RecordType.CHECK, check, Map.of("outcome", "hazards_found"));
    li.update(RecordType.CHECK, check, Map.of("signed", false));
    li.update(RecordType.CHECK, check, Map.of("photos", List.of(PHOTO_B)));
    li.sync();
    assertEquals(List.of("DOCUMENT_IMMUTABLE", "DOCUMENT_IMMUTABLE"),
        li.rejections().stream().map(MutationResult::code).toList());
    Change pulled = li.records(RecordType.CHECK).get(check);
    assertEquals("passed", pulled.data().get("outcome"));
    assertEquals(true, pulled.data().get("signed"));
    assertEquals(List.of(PHOTO_B), pulled.data().get("photos"));
  }

  @Test
  @DisplayName("photos and notes added offline by two phones are all kept, in any order, without conflicts")
  void setsMergeByUnion() {
    UUID check2 = li.create(RecordType.CHECK, Map.of("entityId", li.records(RecordType.CHECK).get(check).data()
        .get("entityId"), "outcome", "hazards_found"));
    li.sync();
    wang.sync();
    String noteByLi = UUID.randomUUID().toString();
    String noteByWang = UUID.randomUUID().toString();
    // The first check gets li's additions first, the second wang's: both must end alike.
    for (UUID target : List.of(check, check2)) {
      li.update(RecordType.CHECK, target, Map.of("photos", List.of(PHOTO_A, PHOTO_C)));
      wang.update(RecordType.CHECK, target, Map.of("photos", List.of(PHOTO_B, PHOTO_A)));
      List<Phone> order = target.equals(check) ? List.of(li, wang) : List.of(wang, li);
      order.forEach(Phone::push);
    }
    li.sync();
    for (UUID target : List.of(check, check2)) {
      assertEquals(List.of(PHOTO_A, PHOTO_B, PHOTO_C), li.records(RecordType.CHECK).get(target).data().get("photos"));
    }
    assertTrue(li.rejections().isEmpty() && wang.rejections().isEmpty());
    assertEquals(0, Fixtures.count("SELECT count(*) FROM conflicts"));

    UUID finding = li.create(RecordType.FINDING, Map.of("checkId", check.toString(), "category", "hygiene",
        "severity", "low", "notes", List.of(Map.of("id", noteByLi, "text", "owner promised to clean"))));
    li.sync();
    wang.sync();
    wang.update(RecordType.FINDING, finding, Map.of("notes", List.of(Map.of("id", noteByWang, "text", "still dirty"))));
    wang.sync();
    li.sync();
    List<?> notes = (List<?>) li.records(RecordType.FINDING).get(finding).data().get("notes");
    assertEquals(2, notes.size(), notes::toString);
  }
}
