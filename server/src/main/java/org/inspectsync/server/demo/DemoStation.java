package org.inspectsync.server.demo;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.inspectsync.server.identity.Passwords;
import org.inspectsync.server.records.CreditCode;

/**
 * Loads one realistic station (城东市场监管所) so that the server can be tried, and load
 * tested, without real data: 20 inspectors, 2 dispatchers, a supervisor, 2,000 business
 * entities around Hangzhou and today's routine assignment for each inspector.
 *
 * <p>Runs once at start-up, before the HTTP server, through plain blocking JDBC. Everything
 * is generated from fixed seeds and name-derived UUIDs, so every installation gets the same
 * ids and the documentation can show them. Loading is idempotent: if the station exists,
 * nothing is touched.
 */
public final class DemoStation {

  public static final UUID BUREAU_ID = uuid("demo-bureau");
  public static final UUID STATION_ID = uuid("demo-station");
  public static final String STATION_NAME = "城东市场监管所 (demo)";
  public static final String TIME_ZONE = "Asia/Shanghai";

  /** The password of every demo user. */
  public static final String DEMO_PASSWORD = "demo-pass";

  public static final int INSPECTORS = 20;
  public static final int ENTITIES = 2000;
  public static final int ENTITIES_PER_ASSIGNMENT = 8;

  public static final List<String> CATEGORIES = List.of(
      "market_stall", "food_stall", "restaurant", "supermarket", "manufacturer", "other");
  public static final int GRID_CELLS = 12;

  /** What the demo station holds after {@link #load}; created is false if it was already there. */
  public record Summary(boolean created, UUID stationId, int users, int entities, int assignments) {
  }

  record User(UUID id, String username, String displayName, String role) {
  }

  /** One inspector's routine round for today: entities of the grid cell the inspector walks. */
  record Round(String inspector, String gridCell, List<UUID> entityIds) {
  }

  record Entity(UUID id, String name, String creditCode, String address, String category,
                String gridCell, double latitude, double longitude, String riskLevel) {
  }

  // Any fixed number: serialises two servers starting at once against an empty database.
  private static final long LOAD_LOCK = 0x64656d6fL;

  private DemoStation() {
  }

  /** The user id for a demo username, e.g. {@code inspector01}. */
  public static UUID userId(String username) {
    return uuid("demo-user-" + username);
  }

  /** The id of a demo entity, 1 to {@link #ENTITIES}. */
  public static UUID entityId(int number) {
    return uuid("entity-" + number);
  }

  /**
   * Creates the demo station in one transaction unless it already exists. The connection's
   * auto-commit setting is restored afterwards.
   */
  public static Summary load(Connection db) throws SQLException {
    boolean autoCommit = db.getAutoCommit();
    db.setAutoCommit(false);
    try {
      try (Statement lock = db.createStatement()) {
        lock.execute("SELECT pg_advisory_xact_lock(" + LOAD_LOCK + ")");
      }
      if (stationExists(db)) {
        Summary existing = count(db, false);
        db.commit();
        return existing;
      }
      List<User> users = users();
      List<Entity> entities = entities();
      LocalDate today = LocalDate.now(ZoneId.of(TIME_ZONE));

      insertUnits(db);
      insertUsers(db, users);
      insertEntities(db, entities);
      insertAssignments(db, rounds(entities), today);
      Summary created = count(db, true);
      db.commit();
      return created;
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(autoCommit);
    }
  }

  // ---- Generation: pure, seeded, so the same data comes out every time. ----

  private static final String[] INSPECTOR_NAMES = {
      "陈建华", "王丽娟", "李志明", "张伟", "刘洋", "杨帆", "赵敏", "黄志强", "周静", "吴磊",
      "徐海峰", "孙丽萍", "胡斌", "朱晓燕", "高峰", "林涛", "何晓东", "郭婷", "马俊", "罗晓红"
  };

  static List<User> users() {
    List<User> users = new ArrayList<>();
    for (int i = 1; i <= INSPECTORS; i++) {
      String username = String.format("inspector%02d", i);
      users.add(new User(userId(username), username, INSPECTOR_NAMES[i - 1], "inspector"));
    }
    users.add(new User(userId("dispatcher1"), "dispatcher1", "沈佳怡", "dispatcher"));
    users.add(new User(userId("dispatcher2"), "dispatcher2", "钱国庆", "dispatcher"));
    users.add(new User(userId("supervisor"), "supervisor", "郑卫东", "supervisor"));
    return users;
  }

  private static final String[] SURNAMES = {
      "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
      "林", "何", "郭", "马", "罗", "沈", "钱", "郑", "蒋", "韩", "冯", "姚", "金", "俞", "方"
  };
  private static final String[] STALL_GOODS = {
      "水产", "蔬菜", "鲜肉", "禽蛋", "豆制品", "水果", "干货", "冷冻食品", "牛羊肉", "粮油"
  };
  private static final String[] COOKED_FOOD = {
      "熟食店", "卤味", "烧腊", "早餐铺", "包子铺", "馄饨摊", "酱鸭铺", "糕点铺"
  };
  private static final String[] RESTAURANTS = {
      "面馆", "小吃店", "饭店", "快餐", "酒家", "大排档", "土菜馆", "饺子馆", "农家菜"
  };
  private static final String[] SHOP_WORDS = {
      "惠民", "邻里", "家乐", "万家福", "好又多", "鑫隆", "百佳", "乐购", "联心", "佳佳"
  };
  private static final String[] SHOP_KINDS = {"超市", "便利店", "生鲜超市", "购物中心"};
  private static final String[] FACTORY_WORDS = {
      "振华", "宏达", "恒丰", "新星", "东方", "金盛", "永兴", "天成", "利民", "锦程"
  };
  private static final String[] FACTORY_PRODUCTS = {
      "伞业", "食品", "服饰", "塑料制品", "五金", "纺织", "包装", "调味品", "日用品", "家具"
  };
  private static final String[] OTHER_SHOPS = {
      "五金店", "理发店", "药房", "烟酒店", "眼镜店", "洗衣店", "电器维修部", "茶叶店"
  };
  private static final String[] MARKETS = {
      "新塘农贸市场", "景芳农贸市场", "三里亭农贸市场", "近江农贸市场", "红梅农贸市场"
  };
  private static final String[] ROADS = {
      "庆春路", "解放路", "凤起路", "建国北路", "中河中路", "环城东路", "秋涛路", "艮山西路",
      "德胜路", "新塘路", "景芳路", "机场路"
  };
  // Region codes (positions 3-8 of a credit code) and the district each one names.
  private static final String[][] DISTRICTS = {
      {"330102", "上城区"}, {"330103", "下城区"}, {"330104", "江干区"}, {"330105", "拱墅区"}
  };

  // The station's area, centred near Hangzhou's old town and cut into a 3 x 4 grid.
  private static final double CENTRE_LATITUDE = 30.27;
  private static final double CENTRE_LONGITUDE = 120.16;
  private static final double HALF_HEIGHT = 0.03;
  private static final double HALF_WIDTH = 0.04;
  private static final int GRID_ROWS = 3;
  private static final int GRID_COLUMNS = 4;

  static List<Entity> entities() {
    Random random = new Random(20240601L);
    List<Entity> entities = new ArrayList<>(ENTITIES);
    for (int i = 1; i <= ENTITIES; i++) {
      String category = pickCategory(random);
      String[] district = DISTRICTS[random.nextInt(DISTRICTS.length)];
      String road = pick(random, ROADS);

      double north = random.nextDouble();  // 0 = south edge, 1 = north edge
      double east = random.nextDouble();   // 0 = west edge, 1 = east edge
      double latitude = CENTRE_LATITUDE - HALF_HEIGHT + 2 * HALF_HEIGHT * north;
      double longitude = CENTRE_LONGITUDE - HALF_WIDTH + 2 * HALF_WIDTH * east;
      // A grid cell is a patch of ground, so it follows from where the entity is.
      int row = Math.min(GRID_ROWS - 1, (int) (north * GRID_ROWS));
      int column = Math.min(GRID_COLUMNS - 1, (int) (east * GRID_COLUMNS));
      String gridCell = gridCell(row * GRID_COLUMNS + column + 1);

      String address = category.equals("market_stall")
          ? "杭州市" + district[1] + pick(random, MARKETS) + (1 + random.nextInt(120)) + "号摊位"
          : "杭州市" + district[1] + road + (1 + random.nextInt(400)) + "号";

      entities.add(new Entity(
          entityId(i),
          name(random, category, road),
          creditCode(random, isCompany(category), district[0]),
          address,
          category,
          gridCell,
          round6(latitude),
          round6(longitude),
          pickRisk(random, category)));
    }
    return entities;
  }

  private static String pickCategory(Random random) {
    // Roughly what a city-centre station's register looks like: markets dominate.
    int roll = random.nextInt(100);
    if (roll < 35) {
      return "market_stall";
    } else if (roll < 50) {
      return "food_stall";
    } else if (roll < 70) {
      return "restaurant";
    } else if (roll < 78) {
      return "supermarket";
    } else if (roll < 90) {
      return "manufacturer";
    }
    return "other";
  }

  private static String name(Random random, String category, String road) {
    String surname = pick(random, SURNAMES);
    return switch (category) {
      case "market_stall" -> surname + "记" + pick(random, STALL_GOODS) + "摊";
      case "food_stall" ->
          (random.nextBoolean() ? "老" + surname : surname + "记") + pick(random, COOKED_FOOD);
      case "restaurant" -> surname + (random.nextBoolean() ? "家" : "记") + pick(random, RESTAURANTS);
      case "supermarket" -> pick(random, SHOP_WORDS) + pick(random, SHOP_KINDS) + "（" + road + "店）";
      case "manufacturer" ->
          "杭州" + pick(random, FACTORY_WORDS) + pick(random, FACTORY_PRODUCTS) + "有限公司";
      default -> surname + "记" + pick(random, OTHER_SHOPS);
    };
  }

  /** Stalls and small shops are mostly individual businesses (个体工商户); the rest companies. */
  private static boolean isCompany(String category) {
    return category.equals("supermarket") || category.equals("manufacturer");
  }

  /**
   * "91" (company) or "92" (individual business), the region code, nine random characters
   * of the alphabet, then the check character.
   */
  private static String creditCode(Random random, boolean company, String regionCode) {
    String alphabet = CreditCode.ALPHABET;
    StringBuilder first17 = new StringBuilder(company ? "91" : "92").append(regionCode);
    for (int k = 0; k < 9; k++) {
      first17.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return CreditCode.withCheckCharacter(first17.toString());
  }

  private static String pickRisk(Random random, String category) {
    // Cooked food and food production carry more risk than a hardware shop.
    int highPercent = switch (category) {
      case "food_stall", "manufacturer" -> 20;
      case "restaurant", "market_stall" -> 12;
      default -> 5;
    };
    int roll = random.nextInt(100);
    if (roll < highPercent) {
      return "high";
    }
    return roll < highPercent + 35 ? "medium" : "low";
  }

  /**
   * Eight distinct entities for each inspector, all from the inspector's grid cell (inspector
   * n walks cell ((n - 1) mod 12) + 1); inspectors sharing a cell get different entities.
   */
  static List<Round> rounds(List<Entity> entities) {
    Map<String, List<UUID>> byGrid = new LinkedHashMap<>();
    for (Entity entity : entities) {
      byGrid.computeIfAbsent(entity.gridCell(), cell -> new ArrayList<>()).add(entity.id());
    }
    Random random = new Random(20240602L);
    for (int cell = 1; cell <= GRID_CELLS; cell++) {
      Collections.shuffle(byGrid.get(gridCell(cell)), random);
    }

    List<Round> rounds = new ArrayList<>();
    for (int i = 0; i < INSPECTORS; i++) {
      String gridCell = gridCell(i % GRID_CELLS + 1);
      int from = (i / GRID_CELLS) * ENTITIES_PER_ASSIGNMENT;
      List<UUID> entityIds = byGrid.get(gridCell).subList(from, from + ENTITIES_PER_ASSIGNMENT);
      rounds.add(new Round(String.format("inspector%02d", i + 1), gridCell, List.copyOf(entityIds)));
    }
    return rounds;
  }

  // ---- Writing. ----

  private static boolean stationExists(Connection db) throws SQLException {
    try (PreparedStatement query = db.prepareStatement("SELECT 1 FROM org_units WHERE id = ?")) {
      query.setObject(1, STATION_ID);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void insertUnits(Connection db) throws SQLException {
    String sql = """
        INSERT INTO org_units (id, parent_id, kind, name, time_zone)
        VALUES (?, ?, ?, ?, ?)
        """;
    try (PreparedStatement insert = db.prepareStatement(sql)) {
      insert.setObject(1, BUREAU_ID);
      insert.setObject(2, null);
      insert.setString(3, "bureau");
      insert.setString(4, "杭州市市场监督管理局 (demo)");
      insert.setString(5, TIME_ZONE);
      insert.addBatch();
      insert.setObject(1, STATION_ID);
      insert.setObject(2, BUREAU_ID);
      insert.setString(3, "station");
      insert.setString(4, STATION_NAME);
      insert.setString(5, TIME_ZONE);
      insert.addBatch();
      insert.executeBatch();
    }
  }

  private static void insertUsers(Connection db, List<User> users) throws SQLException {
    // bcrypt takes tens of milliseconds per hash, so one hash is shared by all 23 users.
    // That makes their salts identical, which is acceptable only because this is demo data
    // with a published password; real users are always hashed one by one.
    String passwordHash = Passwords.hash(DEMO_PASSWORD);
    String sql = """
        INSERT INTO users (id, username, display_name, password_hash, role, unit_id)
        VALUES (?, ?, ?, ?, ?, ?)
        """;
    try (PreparedStatement insert = db.prepareStatement(sql)) {
      for (User user : users) {
        insert.setObject(1, user.id());
        insert.setString(2, user.username());
        insert.setString(3, user.displayName());
        insert.setString(4, passwordHash);
        insert.setString(5, user.role());
        insert.setObject(6, STATION_ID);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insertEntities(Connection db, List<Entity> entities) throws SQLException {
    // txid, change_seq, version and updated_at are stamped by the stamp_change trigger.
    String sql = """
        INSERT INTO business_entities
            (id, station_id, name, credit_code, address, category, grid_cell,
             latitude, longitude, risk_level, created_by, updated_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """;
    UUID registeredBy = userId("dispatcher1");
    try (PreparedStatement insert = db.prepareStatement(sql)) {
      for (Entity entity : entities) {
        insert.setObject(1, entity.id());
        insert.setObject(2, STATION_ID);
        insert.setString(3, entity.name());
        insert.setString(4, entity.creditCode());
        insert.setString(5, entity.address());
        insert.setString(6, entity.category());
        insert.setString(7, entity.gridCell());
        insert.setDouble(8, entity.latitude());
        insert.setDouble(9, entity.longitude());
        insert.setString(10, entity.riskLevel());
        insert.setObject(11, registeredBy);
        insert.setObject(12, registeredBy);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insertAssignments(Connection db, List<Round> rounds, LocalDate dueOn)
      throws SQLException {
    String sql = """
        INSERT INTO assignments
            (id, station_id, inspector_ids, ever_assigned, entity_ids, kind, due_on, note, status,
             created_by, updated_by)
        VALUES (?, ?, ?, ?, ?, 'routine', ?, ?, 'sent', ?, ?)
        """;
    UUID dispatcher = userId("dispatcher1");
    try (PreparedStatement insert = db.prepareStatement(sql)) {
      for (Round round : rounds) {
        Array entityIds = db.createArrayOf("uuid", round.entityIds().toArray());
        insert.setObject(1, uuid("demo-assignment-" + round.inspector()));
        insert.setObject(2, STATION_ID);
        Array inspectors = db.createArrayOf("uuid", new Object[] {userId(round.inspector())});
        insert.setArray(3, inspectors);
        insert.setArray(4, inspectors);
        insert.setArray(5, entityIds);
        insert.setObject(6, dueOn);
        insert.setString(7, "日常巡查 " + round.gridCell());
        insert.setObject(8, dispatcher);
        insert.setObject(9, dispatcher);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static Summary count(Connection db, boolean created) throws SQLException {
    String sql = """
        SELECT (SELECT count(*) FROM users WHERE unit_id = ?),
               (SELECT count(*) FROM business_entities WHERE station_id = ?),
               (SELECT count(*) FROM assignments WHERE station_id = ?)
        """;
    try (PreparedStatement query = db.prepareStatement(sql)) {
      query.setObject(1, STATION_ID);
      query.setObject(2, STATION_ID);
      query.setObject(3, STATION_ID);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return new Summary(created, STATION_ID, row.getInt(1), row.getInt(2), row.getInt(3));
      }
    }
  }

  // ---- Small helpers. ----

  private static UUID uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** "G01" to "G12". */
  static String gridCell(int number) {
    return String.format("G%02d", number);
  }

  private static String pick(Random random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static double round6(double degrees) {
    // About 0.1 m; more digits would only pretend to a precision phones do not have.
    return Math.round(degrees * 1e6) / 1e6;
  }
}
