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
 * @param evidence where photos and signatures are kept, and the limits on their uploads
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
    Duration quietAfter,
    Evidence evidence) {

  public static final int DEFAULT_PORT = 8080;

  /**
   * Evidence files (photos, signatures) and their uploads.
   *
   * @param storeDir the content-addressed store of complete, verified files
   * @param stagingDir partial uploads, never readable as evidence
   * @param maxFileBytes the largest file accepted
   * @param dailyBytes the bytes one device may store per day (in its station's time zone)
   * @param chunkBytes the largest chunk one upload request may carry
   * @param linkTtl how long a signed evidence link stays valid
   * @param unreferencedGrace how long a stored file that no live record names is kept (a photo
   *     may arrive before its record)
   * @param staleUploads how long an unfinished upload is kept without progress
   * @param sweepEvery how often the sweep deletes what is no longer needed (zero: never; tests
   *     sweep when they choose)
   */
  public record Evidence(
      Path storeDir,
      Path stagingDir,
      long maxFileBytes,
      long dailyBytes,
      int chunkBytes,
      Duration linkTtl,
      Duration unreferencedGrace,
      Duration staleUploads,
      Duration sweepEvery) {

    private static final long MIB = 1024 * 1024;

    /** The defaults, with the store and the staging area under the data directory. */
    public static Evidence defaults(Path dataDir) {
      return fromEnvironment(Map.of(), dataDir);
    }

    static Evidence fromEnvironment(Map<String, String> env, Path dataDir) {
      Path store = Path.of(env.getOrDefault("INSPECTSYNC_EVIDENCE_DIR", dataDir.resolve("evidence").toString()))
          .toAbsolutePath();
      return new Evidence(store, store.resolveSibling(store.getFileName() + "-staging"),
          Long.parseLong(env.getOrDefault("INSPECTSYNC_EVIDENCE_MAX_FILE_MB", "20")) * MIB,
          Long.parseLong(env.getOrDefault("INSPECTSYNC_EVIDENCE_DAILY_MB", "500")) * MIB,
          Integer.parseInt(env.getOrDefault("INSPECTSYNC_EVIDENCE_CHUNK_KB", "1024")) * 1024,
          Duration.ofMinutes(Long.parseLong(env.getOrDefault("INSPECTSYNC_EVIDENCE_LINK_MINUTES", "10"))),
          Duration.ofDays(Long.parseLong(env.getOrDefault("INSPECTSYNC_EVIDENCE_GRACE_DAYS", "7"))),
          Duration.ofDays(Long.parseLong(env.getOrDefault("INSPECTSYNC_EVIDENCE_STALE_UPLOAD_DAYS", "3"))),
          Duration.ofMinutes(Long.parseLong(env.getOrDefault("INSPECTSYNC_EVIDENCE_SWEEP_MINUTES", "60"))));
    }

    /** The same settings with other limits, for tests. */
    public Evidence withLimits(long maxFileBytes, long dailyBytes, int chunkBytes) {
      return new Evidence(storeDir, stagingDir, maxFileBytes, dailyBytes, chunkBytes, linkTtl, unreferencedGrace,
          staleUploads, sweepEvery);
    }
  }

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
        Duration.ofMinutes(Long.parseLong(env.getOrDefault("INSPECTSYNC_QUIET_MINUTES", "120"))),
        Evidence.fromEnvironment(env, Path.of(env.getOrDefault("INSPECTSYNC_DATA_DIR", "data")).toAbsolutePath()));
  }

  /** Settings for tests: an ephemeral port and small limits that tests can reach. */
  public static Config forTests(Path dataDir) {
    return new Config(0, null, dataDir, Duration.ofMinutes(60), 100, 256 * 1024, 8, false, 7, Duration.ofDays(30),
        null, null, Duration.ZERO, Duration.ofMinutes(120),
        new Evidence(dataDir.resolve("evidence"), dataDir.resolve("evidence-staging"), 64 * 1024, 256 * 1024, 16 * 1024,
            Duration.ofMinutes(10), Duration.ofDays(7), Duration.ofDays(3), Duration.ZERO));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
