package org.inspectsync.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the server can be told, read once in {@code main} from the environment.
 *
 * @param httpPort port of the HTTP API
 * @param databaseUrl an existing PostgreSQL ({@code postgresql://user:password@host:port/db}); null runs the embedded one
 * @param dataDir where the embedded PostgreSQL and the token key live; survives restarts
 * @param tokenTtl how long an access token is valid
 * @param maxBatchMutations the largest push batch accepted
 * @param maxBodyBytes the largest request body accepted
 * @param poolSize database connections
 * @param loadDemo load the demo station at start-up
 * @param parkDays how long a mutation may wait for a record that has not arrived before it expires
 * @param refreshTtl how long a refresh token is valid (each refresh replaces it with a new one)
 * @param fcmCredentials a Firebase service-account JSON file; null turns push off (phones still
 *     hear hints over {@code /sync/live} and poll)
 * @param fcmEndpoint where FCM calls go instead of Google's endpoint (a bureau's proxy); null for Google
 * @param deadlineSweep how often overdue notices are looked for, to create their re-inspections
 *     (zero: never; tests sweep when they choose)
 * @param quietAfter how long without a sync makes a phone "quiet" on the supervisors' tallies
 */
public record Config(
    int httpPort,
    String databaseUrl,
    Path dataDir,
    Duration tokenTtl,
    int maxBatchMutations,
    int maxBodyBytes,
    int poolSize,
    boolean loadDemo,
    int parkDays,
    Duration refreshTtl,
    Path fcmCredentials,
    String fcmEndpoint,
    Duration deadlineSweep,
    Duration quietAfter) {

  public static final int DEFAULT_PORT = 8080;

  /** Reads the documented environment variables; {@code --demo} on the command line sets loadDemo. */
  public static Config fromEnvironment(Map<String, String> env, String[] args) {
    boolean demo = Boolean.parseBoolean(env.getOrDefault("INSPECTSYNC_DEMO", "false"));
    for (String arg : args) {
      if (arg.equals("--demo")) {
        demo = true;
      } else {
        throw new IllegalArgumentException("unknown argument " + arg + " (the only one is --demo)");
      }
    }
    return new Config(
        Integer.parseInt(env.getOrDefault("INSPECTSYNC_PORT", Integer.toString(DEFAULT_PORT))),
        blankToNull(env.get("INSPECTSYNC_DATABASE_URL")),
        Path.of(env.getOrDefault("INSPECTSYNC_DATA_DIR", "data")).toAbsolutePath(),
        Duration.ofMinutes(Long.parseLong(env.getOrDefault("INSPECTSYNC_TOKEN_TTL_MINUTES", "15"))),
        Integer.parseInt(env.getOrDefault("INSPECTSYNC_MAX_BATCH", "500")),
        Integer.parseInt(env.getOrDefault("INSPECTSYNC_MAX_BODY_BYTES", Integer.toString(4 * 1024 * 1024))),
        Integer.parseInt(env.getOrDefault("INSPECTSYNC_DB_POOL_SIZE", "16")),
        demo,
        Integer.parseInt(env.getOrDefault("INSPECTSYNC_PARK_DAYS", "7")),
        Duration.ofDays(Long.parseLong(env.getOrDefault("INSPECTSYNC_REFRESH_TTL_DAYS", "30"))),
        blankToNull(env.get("INSPECTSYNC_FCM_CREDENTIALS")) == null
            ? null : Path.of(env.get("INSPECTSYNC_FCM_CREDENTIALS")).toAbsolutePath(),
        blankToNull(env.get("INSPECTSYNC_FCM_ENDPOINT")),
        Duration.ofMinutes(Long.parseLong(env.getOrDefault("INSPECTSYNC_DEADLINE_SWEEP_MINUTES", "10"))),
        Duration.ofMinutes(Long.parseLong(env.getOrDefault("INSPECTSYNC_QUIET_MINUTES", "120"))));
  }

  /** Settings for tests: an ephemeral port and small limits that tests can reach. */
  public static Config forTests(Path dataDir) {
    return new Config(0, null, dataDir, Duration.ofMinutes(60), 100, 256 * 1024, 8, false, 7, Duration.ofDays(30),
        null, null, Duration.ZERO, Duration.ofMinutes(120));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
