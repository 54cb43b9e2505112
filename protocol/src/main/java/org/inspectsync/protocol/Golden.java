package org.inspectsync.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Example messages of the protocol, kept as JSON files beside these classes. Tests on both sides
 * read them: the protocol module checks the wire types read and write them unchanged, the server
 * checks it accepts and answers them.
 */
public final class Golden {

  public static final String PUSH_REQUEST = "push-request.json";
  public static final String PUSH_RESPONSE = "push-response.json";
  public static final String PULL_RESPONSE = "pull-response.json";
  public static final String ERROR = "error.json";

  private Golden() {
  }

  public static String read(String name) {
    try (InputStream in = Golden.class.getResourceAsStream("golden/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden example " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
