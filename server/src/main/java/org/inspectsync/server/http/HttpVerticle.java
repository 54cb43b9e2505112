package org.inspectsync.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/** Serves the API on one event loop; several instances share the port. */
public final class HttpVerticle extends VerticleBase {

  private final int port;
  private final Function<io.vertx.core.Vertx, Router> routes;
  private HttpServer server;

  public HttpVerticle(int port, Function<io.vertx.core.Vertx, Router> routes) {
    this.port = port;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(routes.apply(vertx))
        .listen(port)
        .onSuccess(listening -> server = listening);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
