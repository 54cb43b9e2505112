package org.inspectsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsonwebtoken.security.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.server.push.Hints;
import org.inspectsync.protocol.RecordType;
import org.inspectsync.server.Config;
import org.inspectsync.server.evidence.LinkSigner;
import org.inspectsync.server.evidence.LocalEvidenceStore;
import org.inspectsync.server.identity.TokenKeys;
import org.inspectsync.server.identity.TokenService;
import org.inspectsync.server.records.Field;
import org.inspectsync.server.records.FieldKind;
import org.inspectsync.server.records.RecordSchema;
import org.inspectsync.server.support.Http;
import org.inspectsync.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps openapi.json in step with the routes, the error codes and the record schemas. */
@DisplayName("The OpenAPI document describes the API as built")
class OpenApiTest {

  /** The routes anyone may call without a token; the dashboard's files too, since the page logs in itself. */
  private static final Set<String> PUBLIC = Set.of("GET /health", "GET /openapi.json", "POST /auth/login",
      "POST /auth/refresh", "GET /dashboard", "GET /dashboard/");
  /** Routes that take the bearer token or, instead, a signed time-limited link. */
  private static final Set<String> BEARER_OR_LINK = Set.of("GET /evidence/{sha256}");
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern PATH_PARAM = Pattern.compile(":([A-Za-z][A-Za-z0-9_]*)");

  private static String text;
  private static JsonObject document;
  private static Vertx vertx;
  private static Router router;

  @BeforeAll
  static void load() {
    text = resource("/openapi.json");
    document = new JsonObject(text);
    vertx = Vertx.vertx();
    // Creating a pool does not connect; the router only needs one to hand to its handlers.
    Pool pool = PgBuilder.pool()
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(1).setDatabase("none").setUser("none"))
        .using(vertx)
        .build();
    TokenService tokens = new TokenService(TokenKeys.hs256(Keys.hmacShaKeyFor(new byte[32])), Duration.ofMinutes(5), Clock.systemUTC());
    router = ApiRouter.create(vertx, pool, Config.forTests(Path.of("target", "test-data").toAbsolutePath()), tokens,
        Buffer.buffer(text), new Hints(null), null,
        new LocalEvidenceStore(vertx, Path.of("target", "test-data", "evidence").toAbsolutePath()),
        new LinkSigner(new byte[32]));
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("the document is JSON and declares OpenAPI 3.0.3")
  void isOpenApi303() {
    assertEquals("3.0.3", document.getString("openapi"));
    assertNotNull(document.getJsonObject("info").getString("title"));
    assertFalse(document.getJsonObject("paths").isEmpty());
  }

  @Test
  @DisplayName("every route of the router is documented as an operation")
  void everyRouteIsDocumented() {
    Set<String> missing = new TreeSet<>(routes());
    missing.removeAll(operations());
    assertTrue(missing.isEmpty(), () -> "routes missing from openapi.json: " + missing);
  }

  @Test
  @DisplayName("every documented operation is a route of the router")
  void everyOperationIsARoute() {
    Set<String> extra = new TreeSet<>(operations());
    extra.removeAll(routes());
    assertTrue(extra.isEmpty(), () -> "operations in openapi.json that no route serves: " + extra);
  }

  @Test
  @DisplayName("only health, the document, login and the dashboard's files are open; every other operation needs the bearer token, or for evidence a signed link")
  void bearerEverywhereButPublicRoutes() {
    JsonObject scheme = document.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearerAuth");
    assertEquals("http", scheme.getString("type"));
    assertEquals("bearer", scheme.getString("scheme"));
    assertEquals("JWT", scheme.getString("bearerFormat"));
    assertEquals(new JsonArray().add(new JsonObject().put("bearerAuth", new JsonArray())), document.getJsonArray("security"));
    for (String operation : operations()) {
      JsonObject spec = operation(operation);
      if (PUBLIC.contains(operation)) {
        assertEquals(new JsonArray(), spec.getJsonArray("security"), operation + " must declare security: []");
      } else if (BEARER_OR_LINK.contains(operation)) {
        assertEquals(new JsonArray().add(new JsonObject().put("bearerAuth", new JsonArray()))
            .add(new JsonObject().put("evidenceLink", new JsonArray())), spec.getJsonArray("security"), operation);
        assertTrue(spec.getJsonObject("responses").containsKey("401"), operation + " must document 401");
      } else {
        assertFalse(spec.containsKey("security"), operation + " must inherit the bearer requirement");
        assertTrue(spec.getJsonObject("responses").containsKey("401"), operation + " must document 401");
      }
    }
  }

  @Test
  @DisplayName("the error code enum holds every ErrorCode name and nothing else")
  void errorCodesMatch() {
    JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
    Set<String> documented = strings(schemas.getJsonObject("ErrorCode").getJsonArray("enum"));
    Set<String> defined = Stream.of(ErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(defined, documented);
    JsonObject error = schemas.getJsonObject("Error");
    assertEquals("#/components/schemas/ErrorCode",
        error.getJsonObject("properties").getJsonObject("code").getString("$ref"));
    Set<String> wireFields = Stream.of(org.inspectsync.protocol.ErrorBody.class.getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.toSet());
    assertEquals(wireFields, error.getJsonObject("properties").fieldNames());
  }

  @Test
  @DisplayName("each record type's schema has exactly the fields, enums and read-only marks of RecordSchema")
  void recordSchemasMatch() {
    JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
    for (RecordType type : RecordType.values()) {
      RecordSchema schema = RecordSchema.of(type);
      String name = Character.toUpperCase(type.wireName().charAt(0)) + type.wireName().substring(1) + "Fields";
      JsonObject documented = schemas.getJsonObject(name);
      assertNotNull(documented, name);
      JsonObject properties = documented.getJsonObject("properties");
      Set<String> fieldNames = schema.fields().stream().map(Field::name).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(fieldNames, new TreeSet<>(properties.fieldNames()), name + " properties");
      assertEquals(Boolean.FALSE, documented.getValue("additionalProperties"), name + " must refuse unknown fields");
      Set<String> requiredOnCreate = schema.fields().stream().filter(Field::required).map(Field::name)
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(requiredOnCreate, strings(documented.getJsonArray("x-required-on-create")), name + " required on create");
      Set<String> fixed = schema.fields().stream().filter(Field::fixedAtCreate).map(Field::name)
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(fixed, strings(documented.getJsonArray("x-fixed-once-created")), name + " fixed once created");
      for (Field field : schema.fields()) {
        JsonObject property = properties.getJsonObject(field.name());
        String where = name + "." + field.name();
        assertEquals(!field.phoneWritable(), property.getBoolean("readOnly", false), where + " readOnly");
        if (field.kind() == FieldKind.ENUM || field.kind() == FieldKind.STATUS) {
          assertEquals(field.words(), property.getJsonArray("enum").getList(), where + " enum");
        }
        if (field.phoneWritable() && field.kind() != FieldKind.CHECKLIST) {
          assertEquals(field.nullable(), property.getBoolean("nullable", false), where + " nullable");
        }
        if (field.phoneWritable() && field.kind() == FieldKind.TEXT) {
          assertEquals((int) field.max(), property.getInteger("maxLength"), where + " maxLength");
        }
        if (field.kind() == FieldKind.INTEGER || field.kind() == FieldKind.NUMBER) {
          assertEquals(field.min(), property.getDouble("minimum"), where + " minimum");
          assertEquals(field.max(), property.getDouble("maximum"), where + " maximum");
        }
      }
    }
  }

  @Test
  @DisplayName("every $ref points to something the document defines")
  void referencesResolve() {
    Matcher refs = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/([^\"]+)\"").matcher(text);
    int count = 0;
    while (refs.find()) {
      Object target = document;
      for (String step : refs.group(1).split("/")) {
        target = target instanceof JsonObject object ? object.getValue(step) : null;
      }
      assertNotNull(target, "dangling $ref #/" + refs.group(1));
      count++;
    }
    assertTrue(count > 0);
  }

  @Test
  @DisplayName("a running server serves the document unchanged at /openapi.json, without a token")
  void servedByTheServer() {
    TestServer server = TestServer.shared();
    Http.Response response = server.http().get("openapi.json", null);
    assertEquals(200, response.status());
    assertEquals(text, response.text());
    assertEquals(document, response.body());
  }

  /** "METHOD /path/{param}" for every route with a path. */
  private static Set<String> routes() {
    Set<String> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null) {
        continue; // the catch-all body and failure handlers
      }
      Set<HttpMethod> methods = route.methods();
      assertNotNull(methods, "route " + route.getPath() + " answers every method");
      assertFalse(methods.isEmpty(), "route " + route.getPath() + " answers every method");
      String path = PATH_PARAM.matcher(route.getPath()).replaceAll("{$1}");
      for (HttpMethod method : methods) {
        routes.add(method.name() + " " + path);
      }
    }
    assertFalse(routes.isEmpty(), "the router has no routes with paths");
    return routes;
  }

  /** "METHOD /path/{param}" for every operation in the document. */
  private static Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String key : paths.getJsonObject(path).fieldNames()) {
        if (HTTP_METHODS.contains(key)) {
          operations.add(key.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    return operations;
  }

  private static JsonObject operation(String operation) {
    String[] parts = operation.split(" ", 2);
    return document.getJsonObject("paths").getJsonObject(parts[1]).getJsonObject(parts[0].toLowerCase(Locale.ROOT));
  }

  private static Set<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    for (Object value : array) {
      values.add((String) value);
    }
    return new TreeSet<>(values);
  }

  private static String resource(String name) {
    try (InputStream in = OpenApiTest.class.getResourceAsStream(name)) {
      assertNotNull(in, name + " is not on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
