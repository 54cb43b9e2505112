package org.inspectsync.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.inspectsync.protocol.ErrorCode;
import org.inspectsync.protocol.ProtocolVersion;

/**
 * Reads the protocol version a request states in {@code X-Protocol-Version}. Versions from
 * {@link ProtocolVersion#MINIMUM} on are served; an older app gets 426 with the minimum, rather
 * than having fields it does not know dropped. A request without the header (a person with curl,
 * an office tool) is taken to speak the current version.
 */
public final class VersionHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String stated = ctx.request().getHeader(ProtocolVersion.HEADER);
    if (stated != null) {
      int version;
      try {
        version = Integer.parseInt(stated.trim());
      } catch (NumberFormatException e) {
        ctx.fail(new ApiError(ErrorCode.PARAMETER_INVALID, ProtocolVersion.HEADER,
            ProtocolVersion.HEADER + " must be a whole number"));
        return;
      }
      if (version < ProtocolVersion.MINIMUM) {
        ctx.fail(new ApiError(ErrorCode.UPGRADE_REQUIRED, ProtocolVersion.HEADER, "this app is too old for the server;"
            + " update it to one that speaks protocol " + ProtocolVersion.MINIMUM + " or later")
            .with("minimumVersion", ProtocolVersion.MINIMUM));
        return;
      }
    }
    ctx.next();
  }
}
