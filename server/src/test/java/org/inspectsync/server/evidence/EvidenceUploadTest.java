package org.inspectsync.server.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.inspectsync.protocol.EvidenceStatus;
import org.inspectsync.protocol.client.ApiException;
import org.inspectsync.protocol.client.EvidenceUpload;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.Config;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Limits in tests: files up to 64 KiB, chunks up to 16 KiB, 256 KiB per device per day. */
@DisplayName("Evidence uploads resume after a broken connection, are verified, deduplicated and limited")
class EvidenceUploadTest {

  private static final TestServer server = TestServer.shared();
  private static final Config.Evidence LIMITS = Config.forTests(Path.of("target", "test-data").toAbsolutePath()).evidence();
  private static final int CHUNK = LIMITS.chunkBytes();

  private URI base;
  private SyncClient li;
  private String liDevice;

  @BeforeEach
  void anInspector() {
    TestDatabase.reset();
    UUID east = Fixtures.station("east");
    Fixtures.user("li", "inspector", east);
    Fixtures.user("wang", "inspector", Fixtures.station("west"));
    base = server.uri();
    liDevice = "device-li-" + System.nanoTime();
    li = server.client();
    li.login("li", Fixtures.PASSWORD, liDevice);
  }

  /** Where the local store keeps a file: {@code ab/cd/<hash>}. */
  static Path stored(String hash) {
    return LIMITS.storeDir().resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
  }

  private Http.Response status(String hash) {
    return Uploads.get(base, "/evidence/" + hash + "/upload", li.token());
  }

  private static long received(Http.Response status) {
    return status.body().getLong("received");
  }

  @Test
  @DisplayName("a chunk cut mid-way counts for nothing; the upload resumes from the last whole chunk and verifies")
  void resumeAfterCut() throws Exception {
    byte[] file = Uploads.jpeg(40_000, 1);
    String hash = EvidenceUpload.sha256(file);
    Http.Response first = Uploads.put(base, li.token(), hash, file, 0, CHUNK);
    assertEquals(200, first.status(), first.text());
    assertEquals(CHUNK, received(first));
    assertFalse(first.body().getBoolean("complete"));

    // The phone loses its network halfway through the second chunk.
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /evidence/" + hash + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
          + "Authorization: Bearer " + li.token() + "\r\nContent-Type: application/octet-stream\r\n"
          + "Upload-Offset: " + CHUNK + "\r\nUpload-Length: " + file.length + "\r\n"
          + "Content-Length: " + CHUNK + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(file, CHUNK, 5_000);
      out.flush();
      Thread.sleep(300);
    }
    Thread.sleep(200);
    Http.Response after = status(hash);
    assertEquals(CHUNK, received(after), after.text());
    assertEquals(file.length, after.body().getLong("size"));
    assertFalse(after.body().getBoolean("complete"));

    EvidenceUpload upload = new EvidenceUpload(li, CHUNK, 3);
    EvidenceStatus done = upload.upload(hash, file);
    assertTrue(done.complete());
    assertEquals(3, upload.requests(), "one status and the two chunks left");
    assertArrayEquals(file, Files.readAllBytes(stored(hash)));
    assertEquals("image/jpeg", Fixtures.row("SELECT media_type FROM evidence_files WHERE sha256 = ?", hash)
        .getString("media_type"));
    assertEquals(0, Fixtures.count("SELECT count(*) FROM evidence_uploads"));
  }

  @Test
  @DisplayName("a request cut at once, while its upload is still being checked, never spoils the resumed upload")
  void cutAtOnceThenResumed() throws Exception {
    for (int round = 0; round < 12; round++) {
      byte[] file = Uploads.jpeg(CHUNK - 100, 100 + round);
      String hash = EvidenceUpload.sha256(file);
      // Headers and a few bytes, then the connection drops before the server has read the body.
      try (Socket socket = new Socket(base.getHost(), base.getPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(("PUT /evidence/" + hash + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
            + "Authorization: Bearer " + li.token() + "\r\nContent-Type: application/octet-stream\r\n"
            + "Upload-Offset: 0\r\nUpload-Length: " + file.length + "\r\n"
            + "Content-Length: " + file.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(file, 0, 64);
        out.flush();
      }
      EvidenceUpload upload = new EvidenceUpload(li, CHUNK, 1);
      assertTrue(upload.upload(hash, file).complete(), "round " + round);
      assertArrayEquals(file, Files.readAllBytes(stored(hash)), "round " + round);
    }
  }

  @Test
  @DisplayName("the same chunk sent twice at once is taken once; the other is told where the upload is")
  void sameChunkTwiceAtOnce() throws Exception {
    byte[] file = Uploads.jpeg(3 * CHUNK, 30);
    String hash = EvidenceUpload.sha256(file);
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = two.submit(() -> Uploads.put(base, li.token(), hash, file, 0, CHUNK));
      var second = two.submit(() -> Uploads.put(base, li.token(), hash, file, 0, CHUNK));
      java.util.List<Integer> statuses = new java.util.ArrayList<>(java.util.List.of(first.get().status(),
          second.get().status()));
      statuses.sort(null);
      assertEquals(java.util.List.of(200, 409), statuses);
    } finally {
      two.shutdownNow();
    }
    assertEquals(CHUNK, received(status(hash)));
    EvidenceUpload upload = new EvidenceUpload(li, CHUNK, 1);
    assertTrue(upload.upload(hash, file).complete());
    assertArrayEquals(file, Files.readAllBytes(stored(hash)));
  }

  @Test
  @DisplayName("bytes that do not hash to the name are refused with 422 and the upload starts again from 0")
  void hashMismatch() {
    byte[] file = Uploads.jpeg(20_000, 2);
    String claimed = EvidenceUpload.sha256(Uploads.jpeg(20_000, 3));
    assertEquals(200, Uploads.put(base, li.token(), claimed, file, 0, CHUNK).status());
    Http.Response last = Uploads.put(base, li.token(), claimed, file, CHUNK, file.length - CHUNK);
    assertEquals(422, last.status(), last.text());
    assertEquals("EVIDENCE_HASH_MISMATCH", last.body().getString("code"));
    assertEquals(0, received(status(claimed)));
    assertEquals(0, Fixtures.count("SELECT count(*) FROM evidence_files WHERE stored_at IS NOT NULL"));
  }

  @Test
  @DisplayName("a file stored already, by anyone, costs one small request and is never sent again")
  void duplicate() {
    byte[] file = Uploads.jpeg(30_000, 4);
    String hash = new EvidenceUpload(li, CHUNK, 3).upload(file);

    SyncClient wang = server.client();
    wang.login("wang", Fixtures.PASSWORD, "device-wang-" + System.nanoTime());
    EvidenceUpload again = new EvidenceUpload(wang, CHUNK, 3);
    EvidenceStatus status = again.upload(hash, file);
    assertTrue(status.complete());
    assertEquals(1, again.requests());
    assertEquals(file.length, status.size());
    // A phone that sends the chunk anyway is answered at once, without its body counting.
    Http.Response put = Uploads.put(base, wang.token(), hash, file, 0, CHUNK);
    assertEquals(200, put.status(), put.text());
    assertTrue(put.body().getBoolean("complete"));
    assertEquals(1, Fixtures.count("SELECT count(*) FROM evidence_files"));
    assertEquals(file.length, Fixtures.count("SELECT sum(bytes) FROM evidence_usage"));
  }

  @Test
  @DisplayName("a GIF, a PDF or text named .jpg is refused with 415 by its content, and nothing is kept")
  void wrongType() {
    for (String start : new String[] {"GIF89a", "%PDF-1.7\n", "not a photo at all, whatever its name"}) {
      byte[] file = Arrays.copyOf(start.getBytes(StandardCharsets.ISO_8859_1), 2_000);
      String hash = EvidenceUpload.sha256(file);
      Http.Response refused = Uploads.send(HttpRequest.newBuilder(base.resolve("/evidence/" + hash))
          .header("Authorization", "Bearer " + li.token())
          .header("Content-Type", "image/jpeg")
          .header("Content-Disposition", "attachment; filename=photo.jpg")
          .header("Upload-Offset", "0").header("Upload-Length", Integer.toString(file.length))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build());
      assertEquals(415, refused.status(), refused.text());
      assertEquals("EVIDENCE_TYPE_UNSUPPORTED", refused.body().getString("code"));
      assertEquals(0, received(status(hash)));
    }
    ApiException thrown = assertThrows(ApiException.class,
        () -> new EvidenceUpload(li, CHUNK, 3).upload("GIF89a-and-more".getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals(415, thrown.status());
    assertEquals(0, Fixtures.count("SELECT count(*) FROM evidence_uploads"));
  }

  @Test
  @DisplayName("a file over the limit is refused with 413 before a byte is kept; so is a chunk over the chunk size")
  void oversized() {
    byte[] file = Uploads.jpeg((int) LIMITS.maxFileBytes() + 1, 5);
    String hash = EvidenceUpload.sha256(file);
    Http.Response tooLarge = Uploads.put(base, li.token(), hash, file, 0, CHUNK);
    assertEquals(413, tooLarge.status(), tooLarge.text());
    assertEquals("EVIDENCE_TOO_LARGE", tooLarge.body().getString("code"));
    assertEquals("Upload-Length", tooLarge.body().getString("field"));

    byte[] fits = Uploads.jpeg(CHUNK * 2, 6);
    Http.Response chunk = Uploads.put(base, li.token(), EvidenceUpload.sha256(fits), fits, 0, CHUNK + 1);
    assertEquals(413, chunk.status(), chunk.text());
    assertEquals("BODY_TOO_LARGE", chunk.body().getString("code"));
    assertEquals(0, Fixtures.count("SELECT count(*) FROM evidence_uploads"));
  }

  @Test
  @DisplayName("a device over its daily bytes is refused with 429; a file that still fits goes through")
  void dailyLimit() {
    Fixtures.update("INSERT INTO evidence_usage (device_id, day, bytes) VALUES (?, (now() AT TIME ZONE 'Asia/Shanghai')::date, ?)",
        liDevice, LIMITS.dailyBytes() - 5_000);
    byte[] big = Uploads.jpeg(10_000, 7);
    Http.Response refused = Uploads.put(base, li.token(), EvidenceUpload.sha256(big), big, 0, big.length);
    assertEquals(429, refused.status(), refused.text());
    assertEquals("EVIDENCE_DAILY_LIMIT", refused.body().getString("code"));

    byte[] small = Uploads.jpeg(4_000, 8);
    assertTrue(new EvidenceUpload(li, CHUNK, 3).upload(EvidenceUpload.sha256(small), small).complete());
    Http.Response now = Uploads.put(base, li.token(), EvidenceUpload.sha256(big), big, 0, big.length);
    assertEquals(429, now.status(), now.text());
  }

  @Test
  @DisplayName("missing, garbled or contradictory headers and bad hashes are 4xx with a stable code, never 5xx")
  void badRequests() {
    byte[] file = Uploads.jpeg(20_000, 9);
    String hash = EvidenceUpload.sha256(file);
    Http.Response noOffset = Uploads.send(HttpRequest.newBuilder(base.resolve("/evidence/" + hash))
        .header("Authorization", "Bearer " + li.token()).header("Upload-Length", "20000")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build());
    assertEquals(400, noOffset.status());
    assertEquals("FIELD_REQUIRED", noOffset.body().getString("code"));
    assertEquals("Upload-Offset", noOffset.body().getString("field"));
    for (String[] headers : new String[][] {{"-1", "20000"}, {"0", "lots"}, {"0", "0"}, {"20001", "20000"},
        {"99999999999999999999", "20000"}}) {
      Http.Response garbled = Uploads.send(HttpRequest.newBuilder(base.resolve("/evidence/" + hash))
          .header("Authorization", "Bearer " + li.token()).header("Upload-Offset", headers[0])
          .header("Upload-Length", headers[1]).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build());
      assertEquals(400, garbled.status(), Arrays.toString(headers) + " " + garbled.text());
      assertEquals("FIELD_INVALID", garbled.body().getString("code"));
    }
    Http.Response pastEnd = Uploads.put(base, li.token(), hash, file, 0, CHUNK, 100);
    assertEquals(400, pastEnd.status(), pastEnd.text());
    assertEquals("Upload-Length", pastEnd.body().getString("field"));

    assertEquals(200, Uploads.put(base, li.token(), hash, file, 0, CHUNK).status());
    Http.Response wrongOffset = Uploads.put(base, li.token(), hash, file, 0, CHUNK);
    assertEquals(409, wrongOffset.status(), wrongOffset.text());
    assertEquals("UPLOAD_OFFSET_MISMATCH", wrongOffset.body().getString("code"));
    assertEquals(CHUNK, wrongOffset.body().getLong("received"));

    for (String bad : new String[] {"ABC", hash.toUpperCase(), hash.substring(1)}) {
      Http.Response badHash = Uploads.get(base, "/evidence/" + bad + "/upload", li.token());
      assertEquals(400, badHash.status(), bad + " " + badHash.text());
      assertEquals("sha256", badHash.body().getString("field"));
      assertEquals(400, Uploads.put(base, li.token(), bad, file, 0, 10).status());
    }
    assertEquals(401, Uploads.put(base, "not-a-token", hash, file, CHUNK, 10).status());
  }
}
