package org.inspectsync.server.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.inspectsync.protocol.MutationResult;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Official notice numbers issued offline")
class NoticeNumbersTest {

  private static final TestServer server = TestServer.shared();
  private static final int PHONES = 4;
  private static final int NOTICES_EACH = 10;

  @Nested
  @DisplayName("the rule")
  class Rule {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2026-00017, 2026-00017", "2026-17, ", "2026-00000, ", "26-00017, ", "2026-000017, ", "x, "})
    @DisplayName("a number is YYYY-NNNNN with NNNNN from 1")
    void format(String text, String parsed) {
      NoticeNumber number = NoticeNumber.parse(text);
      if (parsed == null) {
        assertNull(number);
      } else {
        assertEquals(parsed, number.toString());
      }
    }

    @Test
    @DisplayName("a phone takes only numbers of its own blocks, each once")
    void take() {
      NoticeNumbers numbers = new NoticeNumbers(List.of(new NumberBlock(2026, 11, 20)), Set.of("2026-00012"));
      assertEquals(NoticeNumbers.Verdict.OK, numbers.take(new NoticeNumber(2026, 11)));
      assertEquals(NoticeNumbers.Verdict.USED, numbers.take(new NoticeNumber(2026, 11)));
      assertEquals(NoticeNumbers.Verdict.USED, numbers.take(new NoticeNumber(2026, 12)));
      assertEquals(NoticeNumbers.Verdict.NOT_LEASED, numbers.take(new NoticeNumber(2026, 21)));
      assertEquals(NoticeNumbers.Verdict.NOT_LEASED, numbers.take(new NoticeNumber(2025, 11)));
    }
  }

  private UUID entity;
  private String dispatcher;

  @BeforeEach
  void station() {
    TestDatabase.reset();
    UUID station = Fixtures.station("east");
    for (int i = 0; i < PHONES; i++) {
      Fixtures.user("inspector" + i, "inspector", station);
    }
    Fixtures.user("zhao", "dispatcher", station);
    entity = Fixtures.entity(station);
    SyncClient desk = server.client();
    desk.login("zhao", Fixtures.PASSWORD, "desk");
    dispatcher = desk.token();
  }

  private static JsonObject lease(Phone phone, int size) {
    Http.Response leased = server.http().post("/notice-numbers/blocks",
        new JsonObject().put("size", size).put("year", 2026).encode(), phone.client().token());
    assertEquals(201, leased.status(), leased.text());
    return leased.body();
  }

  private static int seq(String number) {
    return Integer.parseInt(number.substring(5));
  }

  private UUID notice(Phone phone, UUID check, String number) {
    return phone.create(RecordType.NOTICE, Map.of("checkId", check.toString(), "requiredActions", "fix it",
        "issuedOn", "2026-11-22", "deadlineDays", 7, "noticeNumber", number));
  }

  @Test
  @DisplayName("several phones issuing offline at once never issue a number twice, and every number is accounted for")
  void concurrentOfflinePhones() throws Exception {
    List<Phone> phones = new ArrayList<>();
    for (int i = 0; i < PHONES; i++) {
      Phone phone = server.phone("inspector" + i);
      JsonObject block = lease(phone, NOTICES_EACH + 2);
      UUID check = phone.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
      for (int n = seq(block.getString("first")); n < seq(block.getString("first")) + NOTICES_EACH; n++) {
        notice(phone, check, new NoticeNumber(2026, n).toString());
      }
      phones.add(phone);
    }
    ExecutorService pool = Executors.newFixedThreadPool(PHONES);
    try {
      List<Future<?>> pushes = new ArrayList<>();
      phones.forEach(phone -> pushes.add(pool.submit(phone::push)));
      for (Future<?> push : pushes) {
        push.get();
      }
    } finally {
      pool.shutdownNow();
    }
    phones.forEach(phone -> assertTrue(phone.rejections().isEmpty(), () -> phone.rejections().toString()));
    assertEquals(PHONES * NOTICES_EACH, Fixtures.count(
        "SELECT count(DISTINCT notice_number) FROM rectification_notices WHERE notice_number IS NOT NULL"));
    assertEquals(PHONES * NOTICES_EACH, Fixtures.count("SELECT count(*) FROM rectification_notices"));

    Http.Response accounting = server.http().get("/notice-numbers/blocks?year=2026", dispatcher);
    assertEquals(200, accounting.status(), accounting.text());
    JsonArray blocks = accounting.body().getJsonArray("blocks");
    assertEquals(PHONES, blocks.size());
    Set<String> seen = new HashSet<>();
    for (Object each : blocks) {
      JsonObject block = (JsonObject) each;
      assertEquals(NOTICES_EACH, block.getJsonArray("used").size());
      assertEquals(2, block.getInteger("unused"));
      block.getJsonArray("used").forEach(number -> assertTrue(seen.add((String) number), "number twice: " + number));
    }
  }

  @Test
  @DisplayName("a number outside the phone's blocks, or used already, is rejected on its own")
  void wrongNumbers() {
    Phone li = server.phone("inspector0");
    Phone wang = server.phone("inspector1");
    JsonObject liBlock = lease(li, 5);
    JsonObject wangBlock = lease(wang, 5);
    UUID check = li.create(RecordType.CHECK, Map.of("entityId", entity.toString(), "outcome", "hazards_found"));
    notice(li, check, liBlock.getString("first"));
    notice(li, check, liBlock.getString("first"));
    notice(li, check, wangBlock.getString("first"));
    notice(li, check, "2025-00001");
    li.sync();
    assertEquals(List.of("NOTICE_NUMBER_USED", "NOTICE_NUMBER_NOT_LEASED", "FIELD_INVALID"),
        li.rejections().stream().map(MutationResult::code).toList());
    assertEquals(List.of("data.noticeNumber", "data.noticeNumber", "data.noticeNumber"),
        li.rejections().stream().map(MutationResult::field).toList());
    assertEquals(1, Fixtures.count("SELECT count(*) FROM rectification_notices"));
  }

  @Test
  @DisplayName("a lease beyond the year's 99999 numbers is refused and leases nothing")
  void exhausted() {
    Phone li = server.phone("inspector0");
    lease(li, 5);
    TestDatabase.execute("UPDATE notice_number_counters SET next = 99990");
    Http.Response refused = server.http().post("/notice-numbers/blocks",
        new JsonObject().put("size", 20).put("year", 2026).encode(), li.client().token());
    assertEquals(409, refused.status(), refused.text());
    assertEquals("NOTICE_NUMBERS_EXHAUSTED", refused.body().getString("code"));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM notice_number_blocks"));
    assertEquals("2026-99999", lease(li, 10).getString("last"));
  }
}
