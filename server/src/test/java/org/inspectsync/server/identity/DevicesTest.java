package org.inspectsync.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.protocol.client.ApiException;
import org.inspectsync.protocol.client.Phone;
import org.inspectsync.protocol.client.SyncClient;
import org.inspectsync.server.support.Fixtures;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestDatabase;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Devices: registered at login, listed for supervisors, cut off at once when revoked")
class DevicesTest {

  private static final TestServer server = TestServer.shared();
  private String supervisor;
  private String westSupervisor;

  @BeforeEach
  void station() {
    TestDatabase.reset();
    UUID east = Fixtures.station("east");
    UUID west = Fixtures.station("west");
    Fixtures.user("li", "inspector", east);
    Fixtures.user("chen", "supervisor", east);
    Fixtures.user("zhou", "supervisor", west);
    supervisor = login("chen", "chen-desk");
    westSupervisor = login("zhou", "zhou-desk");
  }

  private static String login(String username, String device) {
    SyncClient client = server.client();
    client.login(username, Fixtures.PASSWORD, device);
    return client.token();
  }

  private JsonArray devices(String token) {
    Http.Response response = server.http().get("/devices", token);
    assertEquals(200, response.status(), response.text());
    return response.body().getJsonArray("devices");
  }

  @Test
  @DisplayName("what the app says of itself at login shows in the supervisor's list")
  void registration() {
    Http.Response login = server.http().post("/auth/login", new JsonObject().put("username", "li")
        .put("password", Fixtures.PASSWORD).put("deviceId", "li-phone").put("model", "HUAWEI nova 9")
        .put("appVersion", "2.3.1").put("pushToken", "fcm-token-123").encode(), null);
    assertEquals(200, login.status(), login.text());
    JsonObject device = devices(supervisor).stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("deviceId").equals("li-phone")).findFirst().orElseThrow();
    assertEquals("HUAWEI nova 9", device.getString("model"));
    assertEquals("2.3.1", device.getString("appVersion"));
    assertEquals(true, device.getBoolean("hasPushToken"));
    assertEquals(null, device.getString("revokedAt"));
    assertEquals(0, devices(westSupervisor).stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("deviceId").equals("li-phone")).count(), "another station sees nothing");
  }

  @Test
  @DisplayName("a revoked phone is refused on its very next request, cannot log in again, and nothing it sends applies")
  void revocation() {
    Phone phone = server.phone("li");
    phone.sync();
    Http.Response revoked = server.http().post("/devices/" + phone.deviceId() + "/revoke", "", supervisor);
    assertEquals(200, revoked.status(), revoked.text());

    ApiException pull = assertThrows(ApiException.class, phone::pull);
    assertEquals(401, pull.status());
    assertEquals("DEVICE_REVOKED", pull.error().code());
    phone.create(RecordType.ENTITY, Map.of("name", "x",
        "creditCode", Fixtures.creditCode(), "category", "other"));
    assertEquals("DEVICE_REVOKED", assertThrows(ApiException.class, phone::push).error().code());
    assertEquals(0, Fixtures.count("SELECT count(*) FROM business_entities"));
    ApiException again = assertThrows(ApiException.class, () -> phone.login("li", Fixtures.PASSWORD));
    assertEquals("DEVICE_REVOKED", again.error().code());

    Phone newInstall = server.phone("li");
    newInstall.sync();
    Http.Response twice = server.http().post("/devices/" + phone.deviceId() + "/revoke", "", supervisor);
    assertEquals(revoked.body().getString("revokedAt"), twice.body().getString("revokedAt"));
  }

  @Test
  @DisplayName("only a supervisor or admin of the device's unit may revoke it")
  void scope() {
    Phone phone = server.phone("li");
    assertEquals(403, server.http().post("/devices/" + phone.deviceId() + "/revoke", "", westSupervisor).status());
    assertEquals(403, server.http().post("/devices/" + phone.deviceId() + "/revoke", "", phone.client().token())
        .status());
    assertEquals(404, server.http().post("/devices/nobody-phone/revoke", "", supervisor).status());
    phone.sync();
  }

  @ParameterizedTest(name = "X-Protocol-Version: {0} -> {1}")
  @CsvSource({"1, 200, ", "0, 426, UPGRADE_REQUIRED", "abc, 400, PARAMETER_INVALID", "2, 200, "})
  @DisplayName("every request may state its protocol version; one too old gets 426 with the minimum")
  void versions(String version, int status, String code) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.uri() + "health")).header("X-Protocol-Version", version).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(status, response.statusCode(), response.body());
    if (code != null) {
      JsonObject body = new JsonObject(response.body());
      assertEquals(code, body.getString("code"));
      if (status == 426) {
        assertEquals(1, body.getInteger("minimumVersion"));
      }
    }
  }
}
