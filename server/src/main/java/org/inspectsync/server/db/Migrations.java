package org.inspectsync.server.db;

import org.flywaydb.core.Flyway;

/** Applies the numbered migrations in {@code db/migration}. Blocking: run at start-up, before serving. */
public final class Migrations {

  private Migrations() {
  }

  public static void apply(DatabaseSettings db) {
    Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
