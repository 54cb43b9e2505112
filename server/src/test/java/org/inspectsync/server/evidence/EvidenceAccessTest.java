package org.inspectsync.server.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.Change;
import org.inspectsync.protocol.EvidenceLink;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.EvidenceUpload;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Records first, bytes later; evidence is read only within the record's scope")
class EvidenceAccessTest {

  private static final TestServer server = TestServer.shared();
  private static final int CHUNK = 16 * 1024;

  private URI base;
  private UUID entity;
  private SyncClient liClient;
  private Phone li;
  private Phone zhao;
  private SyncClient wang;
  private SyncClient chen;
  private SyncClient qian;

  @BeforeEach
  void twoStationsUnderABureau() {
    TestDatabase.reset();
    UUID bureau = UUID.randomUUID();
    Fixtures.update("INSERT INTO org_units (id, kind, name) VALUES (?, 'bureau', 'city bureau')", bureau);
    UUID east = Fixtures.station("east");
    UUID west = Fixtures.station("west");
    UUID elsewhere = Fixtures.station("another county");
    Fixtures.update("UPDATE org_units SET parent_id = ? WHERE id IN (?, ?)", bureau, east, west);
    Fixtures.user("li", "inspector", east);
    Fixtures.user("zhao", "inspector", east);
    Fixtures.user("wang", "inspector", west);
    Fixtures.user("chen", "supervisor", bureau);
    Fixtures.user("qian", "supervisor", elsewhere);
    entity = Fixtures.entity(east);
    base = server.uri();
    liClient = server.client();
    li = new Phone(liClient, "device-li-" + System.nanoTime());
    li.login("li", Fixtures.PASSWORD);
    zhao = server.phone("zhao");
    wang = login("wang");
    chen = login("chen");
    qian = login("qian");
  }

  private static SyncClient login(String username) {
    SyncClient client = server.client();
    client.login(username, Fixtures.PASSWORD, "device-" + username + "-" + System.nanoTime());
    return client;
  }

  private UUID checkWith(Map<String, Object> data) {
    Map<String, Object> all = new java.util.HashMap<>(data);
    all.put("entityId", entity.toString());
    all.put("outcome", "hazards_found");
    UUID check = li.create(RecordType.CHECK, all);
    li.sync();
    assertTrue(li.rejections().isEmpty(), () -> li.rejections().toString());
    return check;
  }

  private Object pending(Phone phone, RecordType type, UUID id) {
    return phone.records(type).get(id).data().get("evidencePending");
  }

  private String upload(byte[] file) {
    return new EvidenceUpload(liClient, CHUNK, 3).upload(file);
  }

  @Test
  @DisplayName("a check naming a photo not uploaded yet syncs at once, pending; the upload hands it to the next pull, not pending, without conflicts")
  void recordsFirstBytesLater() {
    byte[] photo = Uploads.jpeg(30_000, 11);
    String hash = EvidenceUpload.sha256(photo);
    UUID check = checkWith(Map.of("photos", List.of(hash)));
    assertEquals(true, pending(li, RecordType.CHECK, check));
    zhao.sync();
    Change before = zhao.records(RecordType.CHECK).get(check);
    assertEquals(true, before.data().get("evidencePending"));

    upload(photo);
    assertTrue(zhao.sync() >= 1, "the check comes back in the next pull");
    Change after = zhao.records(RecordType.CHECK).get(check);
    assertEquals(false, after.data().get("evidencePending"));
    assertTrue(after.version() > before.version());
    li.sync();
    assertEquals(false, pending(li, RecordType.CHECK, check));

    assertEquals(0, Fixtures.count("SELECT count(*) FROM market_checks WHERE evidence_pending"));
  }

  @Test
  @DisplayName("an edit from a phone that pulled before the photo arrived merges without a conflict")
  void staleBaseVersionIsNoConflict() {
    byte[] photo = Uploads.jpeg(20_000, 12);
    String hash = EvidenceUpload.sha256(photo);
    UUID check = checkWith(Map.of("photos", List.of(hash)));
    zhao.sync();
    upload(photo);
    zhao.update(RecordType.CHECK, check, Map.of("remarks", "seen by a colleague"));
    zhao.sync();
    assertTrue(zhao.rejections().isEmpty(), () -> zhao.rejections().toString());
    assertEquals(0, Fixtures.count("SELECT count(*) FROM conflicts"));
    assertEquals("seen by a colleague", zhao.records(RecordType.CHECK).get(check).data().get("remarks"));
    assertEquals(false, pending(zhao, RecordType.CHECK, check));
  }

  @Test
  @DisplayName("a file is served only whole: during its upload it is 404 even to its own station")
  void partialNeverServed() {
    byte[] photo = Uploads.jpeg(40_000, 13);
    String hash = EvidenceUpload.sha256(photo);
    checkWith(Map.of("photos", List.of(hash)));
    assertEquals(200, Uploads.put(base, liClient.token(), hash, photo, 0, CHUNK).status());
    Http.Response partial = Uploads.get(base, "/evidence/" + hash, liClient.token());
    assertEquals(404, partial.status(), partial.text());
    assertEquals("NOT_FOUND", partial.body().getString("code"));
    assertEquals(404, Uploads.send(java.net.http.HttpRequest.newBuilder(base.resolve("/evidence/" + hash + "/links"))
        .header("Authorization", "Bearer " + liClient.token())
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).status());
    assertFalse(Files.exists(EvidenceUploadTest.stored(hash)));
  }

  @Test
  @DisplayName("the station and supervisors above it read a file; another station gets the same 404 as for a file that does not exist")
  void scope() {
    byte[] photo = Uploads.jpeg(25_000, 14);
    String hash = upload(photo);
    UUID check = checkWith(Map.of("photos", List.of(hash)));

    HttpResponse<byte[]> own = Uploads.bytes(base, "/evidence/" + hash, liClient.token());
    assertEquals(200, own.statusCode());
    assertArrayEquals(photo, own.body());
    assertEquals("image/jpeg", own.headers().firstValue("Content-Type").orElse(null));
    assertEquals("\"" + hash + "\"", own.headers().firstValue("ETag").orElse(null));
    assertEquals("nosniff", own.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertTrue(own.headers().firstValue("Cache-Control").orElse("").startsWith("private"));
    assertArrayEquals(photo, login("zhao").evidence(hash));
    assertArrayEquals(photo, chen.evidence(hash), "a supervisor of the bureau above the station");

    Http.Response otherStation = Uploads.get(base, "/evidence/" + hash, wang.token());
    Http.Response nowhere = Uploads.get(base, "/evidence/" + "0".repeat(64), wang.token());
    assertEquals(404, otherStation.status());
    assertEquals(otherStation.body(), nowhere.body().put("message", otherStation.body().getString("message")));
    assertEquals(404, Uploads.get(base, "/evidence/" + hash, qian.token()).status());
    assertEquals(401, Uploads.get(base, "/evidence/" + hash, null).status());

    // A deleted record no longer opens its files.
    li.delete(RecordType.CHECK, check);
    li.sync();
    assertEquals(404, Uploads.get(base, "/evidence/" + hash, liClient.token()).status());
  }

  @Test
  @DisplayName("a time-limited link opens the file without a token; expired or altered links are refused with 403")
  void links() throws Exception {
    byte[] photo = Uploads.jpeg(10_000, 15);
    String hash = upload(photo);
    checkWith(Map.of("photos", List.of(hash)));
    EvidenceLink link = chen.evidenceLink(hash);
    assertTrue(Instant.parse(link.expiresAt()).isAfter(Instant.now().plusSeconds(500)));
    HttpResponse<byte[]> opened = Uploads.bytes(base, link.url(), null);
    assertEquals(200, opened.statusCode());
    assertArrayEquals(photo, opened.body());

    String signature = link.url().substring(link.url().indexOf("signature=") + 10);
    String altered = link.url().replace(signature, (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1));
    Http.Response tampered = Uploads.get(base, altered, null);
    assertEquals(403, tampered.status(), tampered.text());
    assertEquals("EVIDENCE_LINK_INVALID", tampered.body().getString("code"));
    long expires = Instant.parse(link.expiresAt()).getEpochSecond();
    Http.Response extended = Uploads.get(base, link.url().replace("expires=" + expires, "expires=" + (expires + 86_400)), null);
    assertEquals("EVIDENCE_LINK_INVALID", extended.body().getString("code"));
    Http.Response otherFile = Uploads.get(base, link.url().replace(hash, "0".repeat(64)), null);
    assertEquals("EVIDENCE_LINK_INVALID", otherFile.body().getString("code"));

    byte[] key = HexFormat.of().parseHex(Fixtures.row("SELECT encode(key, 'hex') AS key FROM evidence_link_key")
        .getString("key"));
    long past = Instant.now().getEpochSecond() - 1;
    Http.Response expired = Uploads.get(base, "/evidence/" + hash + "?expires=" + past + "&signature="
        + new LinkSigner(key).sign(hash, past), null);
    assertEquals(403, expired.status());
    assertEquals("EVIDENCE_LINK_EXPIRED", expired.body().getString("code"));

    Http.Response outOfScope = Uploads.send(java.net.http.HttpRequest.newBuilder(base.resolve("/evidence/" + hash + "/links"))
        .header("Authorization", "Bearer " + wang.token())
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(404, outOfScope.status());
  }

  @Test
  @DisplayName("the sweep keeps a file another record names, and deletes it once no live record does")
  void sweepKeepsSharedFiles() {
    byte[] shared = Uploads.jpeg(12_000, 16);
    byte[] own = Uploads.jpeg(12_000, 17);
    String sharedHash = upload(shared);
    String ownHash = upload(own);
    UUID first = checkWith(Map.of("photos", List.of(sharedHash)));
    UUID second = checkWith(Map.of("photos", List.of(sharedHash, ownHash)));
    String orphan = upload(Uploads.jpeg(12_000, 18));
    Fixtures.update("UPDATE evidence_files SET created_at = now() - interval '8 days'");

    li.delete(RecordType.CHECK, first);
    li.sync();
    EvidenceSweeper.Swept swept = server.server().evidenceSweeper().sweep().await();
    assertEquals(1, swept.files(), "only the file no record names");
    assertTrue(Files.exists(EvidenceUploadTest.stored(sharedHash)));
    assertFalse(Files.exists(EvidenceUploadTest.stored(orphan)));
    assertArrayEquals(shared, login("zhao").evidence(sharedHash));

    li.delete(RecordType.CHECK, second);
    li.sync();
    assertEquals(2, server.server().evidenceSweeper().sweep().await().files());
    assertFalse(Files.exists(EvidenceUploadTest.stored(sharedHash)));
    assertFalse(Files.exists(EvidenceUploadTest.stored(ownHash)));
    assertEquals(0, Fixtures.count("SELECT count(*) FROM evidence_files"));
  }

  @Test
  @DisplayName("a photo that arrives before its record is kept through the grace period and then belongs to it")
  void photoBeforeRecord() {
    byte[] photo = Uploads.jpeg(9_000, 19);
    String hash = upload(photo);
    assertEquals(0, server.server().evidenceSweeper().sweep().await().files());
    UUID check = checkWith(Map.of("photos", List.of(hash)));
    assertEquals(false, pending(li, RecordType.CHECK, check));
    assertArrayEquals(photo, liClient.evidence(hash));
  }

  @Test
  @DisplayName("a signature is evidence: pending until it arrives, readable in scope, frozen once the check is signed")
  void signature() {
    byte[] image = Uploads.jpeg(8_000, 20);
    String hash = EvidenceUpload.sha256(image);
    UUID check = checkWith(Map.of("signed", true, "signature", hash));
    assertEquals(true, pending(li, RecordType.CHECK, check));
    upload(image);
    li.sync();
    assertEquals(false, pending(li, RecordType.CHECK, check));
    assertEquals(hash, li.records(RecordType.CHECK).get(check).data().get("signature"));
    assertArrayEquals(image, chen.evidence(hash));

    li.update(RecordType.CHECK, check, Map.of("signature", EvidenceUpload.sha256(new byte[] {1})));
    li.update(RecordType.CHECK, check, Map.of("evidencePending", false));
    li.sync();
    assertEquals(List.of("DOCUMENT_IMMUTABLE", "FIELD_INVALID"),
        li.rejections().stream().map(r -> r.code()).toList());
    assertEquals(hash, li.records(RecordType.CHECK).get(check).data().get("signature"));

    UUID notice = li.create(RecordType.NOTICE, Map.of("checkId", check.toString(), "requiredActions", "label the goods",
        "issuedOn", "2026-11-22", "deadlineDays", 7, "signature", EvidenceUpload.sha256(new byte[] {2})));
    li.sync();
    assertEquals(true, pending(li, RecordType.NOTICE, notice));
    JsonObject row = Fixtures.row("SELECT evidence_pending FROM rectification_notices WHERE id = ?", notice);
    assertEquals(true, row.getBoolean("evidence_pending"));
  }
}
