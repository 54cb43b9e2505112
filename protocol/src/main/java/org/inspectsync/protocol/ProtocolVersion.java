package org.inspectsync.protocol;

/** The version of the sync protocol spoken by this module. */
public final class ProtocolVersion {

  /** Sent by clients in the {@link #HEADER} header on every request. */
  public static final int CURRENT = 1;

  /** The oldest version the server still accepts; older apps are told to upgrade (426). */
  public static final int MINIMUM = 1;

  /** Request header naming the protocol version the client speaks. */
  public static final String HEADER = "X-Protocol-Version";

  private ProtocolVersion() {
  }
}
