package org.inspectsync.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import org.inspectsync.server.Config;
import org.inspectsync.server.assignments.AssignmentHandlers;
import org.inspectsync.server.conflicts.ConflictHandlers;
import org.inspectsync.server.deadlines.CalendarHandlers;
import org.inspectsync.server.dispatch.DrawHandlers;
import org.inspectsync.server.dispatch.RecusalHandlers;
import org.inspectsync.server.evidence.EvidenceHandlers;
import org.inspectsync.server.evidence.EvidenceStore;
import org.inspectsync.server.evidence.LinkSigner;
import org.inspectsync.server.evidence.Staging;
import org.inspectsync.server.deadlines.OverdueHandler;
import org.inspectsync.server.health.HealthHandler;
import org.inspectsync.server.identity.AuthHandler;
import org.inspectsync.server.identity.DeviceHandlers;
import org.inspectsync.server.identity.LoginHandler;
import org.inspectsync.server.identity.RefreshTokens;
import org.inspectsync.server.identity.Role;
import org.inspectsync.server.identity.TokenService;
import org.inspectsync.server.notices.NoticeNumberHandlers;
import org.inspectsync.server.push.Hints;
import org.inspectsync.server.push.LiveHints;
import org.inspectsync.server.sync.ParkedHandlers;
import org.inspectsync.server.sync.PullService;
import org.inspectsync.server.sync.PushService;
import org.inspectsync.server.sync.SyncHandlers;
import org.inspectsync.server.tallies.TallyHandlers;
import org.inspectsync.server.tallies.TallyHub;

/** Every route of the HTTP API in one place; {@code openapi.json} documents the same list. */
public final class ApiRouter {

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, Pool pool, Config config, TokenService tokens, Buffer openApi,
      Hints hints, TallyHub tallyHub, EvidenceStore evidenceStore, LinkSigner evidenceLinks) {
    Router router = Router.router(vertx);
    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
    // An evidence chunk is streamed to disk by its handler, never read into memory whole.
    router.route().handler(ctx -> {
      if (EvidenceHandlers.streamsBody(ctx.request())) {
        EvidenceHandlers.holdBody(ctx);
      } else {
        bodies.handle(ctx);
      }
    });
    router.route().handler(new VersionHandler());

    HealthHandler health = new HealthHandler(pool, hints.channel());
    router.get("/health").handler(health::handle);
    router.get("/openapi.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(openApi));
    LoginHandler login = new LoginHandler(vertx, pool, tokens, new RefreshTokens(pool, config.refreshTtl()));
    router.post("/auth/login").handler(login);
    router.post("/auth/refresh").handler(login::refresh);

    AuthHandler auth = new AuthHandler(tokens, pool);
    SyncHandlers sync = new SyncHandlers(new PushService(pool), new PullService(pool), config.maxBatchMutations());
    router.post("/sync/push").handler(auth).handler(sync::push);
    router.get("/sync/pull").handler(auth).handler(sync::pull);
    router.get("/sync/live").handler(auth).handler(new LiveHints(vertx, config.tokenTtl())::handle);

    AssignmentHandlers assignments = new AssignmentHandlers(pool, hints);
    router.post("/assignments").handler(auth).handler(AuthHandler.allow(Role.dispatcher, Role.admin))
        .handler(assignments::create);
    router.post("/assignments/plan").handler(auth).handler(AuthHandler.allow(Role.dispatcher, Role.admin))
        .handler(assignments::plan);
    router.patch("/assignments/:assignmentId").handler(auth).handler(AuthHandler.allow(Role.dispatcher, Role.admin))
        .handler(assignments::edit);
    router.post("/assignments/:assignmentId/cancel").handler(auth)
        .handler(AuthHandler.allow(Role.dispatcher, Role.admin))
        .handler(assignments::cancel);
    router.get("/assignments").handler(auth)
        .handler(AuthHandler.allow(Role.dispatcher, Role.supervisor, Role.admin))
        .handler(assignments::list);
    router.get("/assignments/:assignmentId/receipts").handler(auth)
        .handler(AuthHandler.allow(Role.dispatcher, Role.supervisor, Role.admin))
        .handler(assignments::receipts);

    DrawHandlers draws = new DrawHandlers(pool, hints);
    router.post("/draws").handler(auth).handler(AuthHandler.allow(Role.dispatcher, Role.admin)).handler(draws::create);
    router.get("/draws/:drawId").handler(auth).handler(AuthHandler.allow(Role.dispatcher, Role.supervisor, Role.admin))
        .handler(draws::get);
    router.get("/draws/:drawId/publication").handler(auth)
        .handler(AuthHandler.allow(Role.dispatcher, Role.supervisor, Role.admin))
        .handler(draws::publication);
    RecusalHandlers recusals = new RecusalHandlers(pool);
    router.post("/recusals").handler(auth).handler(AuthHandler.allow(Role.dispatcher, Role.admin))
        .handler(recusals::declare);
    router.get("/recusals").handler(auth).handler(AuthHandler.allow(Role.dispatcher, Role.supervisor, Role.admin))
        .handler(recusals::list);

    DeviceHandlers devices = new DeviceHandlers(pool);
    router.get("/devices").handler(auth).handler(AuthHandler.allow(Role.supervisor, Role.admin))
        .handler(devices::list);
    router.put("/devices/current/push-token").handler(auth).handler(devices::pushToken);
    router.post("/devices/:deviceId/revoke").handler(auth).handler(AuthHandler.allow(Role.supervisor, Role.admin))
        .handler(devices::revoke);

    ParkedHandlers parked = new ParkedHandlers(pool);
    router.get("/parked").handler(auth).handler(AuthHandler.allow(Role.supervisor, Role.dispatcher, Role.admin))
        .handler(parked::list);

    ConflictHandlers conflicts = new ConflictHandlers(pool);
    router.get("/conflicts").handler(auth).handler(AuthHandler.allow(Role.supervisor, Role.dispatcher, Role.admin))
        .handler(conflicts::list);
    router.post("/conflicts/:conflictId/resolve").handler(auth).handler(AuthHandler.allow(Role.supervisor, Role.admin))
        .handler(conflicts::resolve);

    NoticeNumberHandlers numbers = new NoticeNumberHandlers(pool);
    router.post("/notice-numbers/blocks").handler(auth).handler(numbers::lease);
    router.get("/notice-numbers/blocks").handler(auth)
        .handler(AuthHandler.allow(Role.supervisor, Role.dispatcher, Role.admin))
        .handler(numbers::list);

    TallyHandlers live = new TallyHandlers(vertx, pool, tallyHub, config.quietAfter(), config.tokenTtl());
    router.get("/units").handler(auth).handler(AuthHandler.allow(Role.supervisor, Role.dispatcher, Role.admin))
        .handler(live::units);
    router.get("/units/:unitId/tallies").handler(auth)
        .handler(AuthHandler.allow(Role.supervisor, Role.dispatcher, Role.admin))
        .handler(live::snapshot);
    router.get("/units/:unitId/tallies/stream").handler(auth)
        .handler(AuthHandler.allow(Role.supervisor, Role.dispatcher, Role.admin))
        .handler(live::stream);

    CalendarHandlers calendar = new CalendarHandlers(pool);
    router.get("/calendar").handler(auth).handler(calendar::get);
    router.put("/calendar").handler(auth).handler(AuthHandler.allow(Role.admin)).handler(calendar::put);
    OverdueHandler overdue = new OverdueHandler(pool);
    router.get("/notices/overdue").handler(auth)
        .handler(AuthHandler.allow(Role.supervisor, Role.dispatcher, Role.admin))
        .handler(overdue::handle);

    EvidenceHandlers evidence = new EvidenceHandlers(pool, config.evidence(), evidenceStore,
        new Staging(vertx, config.evidence().stagingDir()), evidenceLinks, java.time.Clock.systemUTC());
    router.get("/evidence/:sha256/upload").handler(auth).handler(evidence::status);
    router.put("/evidence/:sha256").handler(auth).handler(evidence::upload);
    // A signed link needs no token; without one, the bearer token and the record scope decide.
    router.get("/evidence/:sha256").handler(evidence::readByLink).handler(auth).handler(evidence::read);
    router.post("/evidence/:sha256/links").handler(auth).handler(evidence::link);

    // The supervisors' dashboard: static files, no token to fetch them (the page logs in itself).
    router.get("/dashboard").handler(ApiRouter::toDashboard);
    router.get("/dashboard/*").handler(ApiRouter::dashboardHeaders)
        .handler(StaticHandler.create("webroot/dashboard").setCachingEnabled(false)
            .setDefaultContentEncoding("UTF-8"));
    return router;
  }

  /** {@code /dashboard} to {@code /dashboard/}, so that the page's relative links resolve. */
  private static void toDashboard(RoutingContext ctx) {
    // An exact route also matches the path with a trailing slash; that one is the page itself.
    if (ctx.request().path().endsWith("/")) {
      ctx.next();
    } else {
      ctx.redirect("/dashboard/");
    }
  }

  /** The page runs only its own script and style, talks only to this server, and is never framed. */
  private static void dashboardHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        // Revalidated on every load, so a new server version's page is picked up at once.
        .putHeader("Cache-Control", "no-cache");
    ctx.next();
  }
}
