package org.inspectsync.server.db;

import io.vertx.pgclient.PgConnectOptions;

/** Where PostgreSQL is, for both the reactive pool and the JDBC-based migrations. */
public record DatabaseSettings(String host, int port, String database, String user, String password) {

  /** Parses {@code postgresql://user:password@host:port/database}. */
  public static DatabaseSettings fromUrl(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return new DatabaseSettings(options.getHost(), options.getPort(), options.getDatabase(),
        options.getUser(), options.getPassword());
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256)
        // Timestamps leave the database in UTC whatever the server's own zone is.
        .addProperty("TimeZone", "UTC");
    return password == null ? options : options.setPassword(password);
  }

  public DatabaseSettings withDatabase(String otherDatabase) {
    return new DatabaseSettings(host, port, otherDatabase, user, password);
  }
}
