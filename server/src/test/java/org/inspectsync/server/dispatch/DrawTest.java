package org.inspectsync.server.dispatch;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.inspectsync.server.dispatch.Draw.Infeasible;
import org.inspectsync.server.dispatch.Draw.Pick;
import org.inspectsync.server.dispatch.Draw.Recusal;
import org.inspectsync.server.dispatch.Draw.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The double random, one public draw")
class DrawTest {

  /*
   * Upper 0.999 quantiles of the chi-square distribution, from statistical tables: a fair draw
   * exceeds one of them once in a thousand sets of seeds. The seeds are fixed, so the tests give the
   * same answer on every run.
   */
  private static final double CHI2_999_DF6 = 22.458;
  private static final double CHI2_999_DF20 = 45.315;
  private static final double CHI2_999_DF29 = 58.301;

  private static final int DRAWS = 4_000;
  private static final int COUNT = 6;

  private static final List<UUID> ENTITIES = ids(0x1000, 30);
  private static final List<UUID> INSPECTORS = ids(0xa000, 7);

  private static List<UUID> ids(int first, int n) {
    return IntStream.range(0, n).mapToObj(i -> new UUID(0, first + i)).toList();
  }

  /** A 32-byte seed that is the number n, big-endian. */
  private static byte[] seed(long n) {
    return ByteBuffer.allocate(32).putLong(24, n).array();
  }

  /** Bytes 0x00, 0x01, ..., 0x1f. */
  private static byte[] countingSeed() {
    byte[] seed = new byte[32];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = (byte) i;
    }
    return seed;
  }

  private static Result draw(long seed, Set<Recusal> recusals) {
    return Draw.run(seed(seed), ENTITIES, INSPECTORS, recusals, COUNT);
  }

  @Nested
  @DisplayName("is reproducible")
  class Reproducible {

    @Test
    @DisplayName("a known seed gives the published draw")
    void knownDraw() {
      // Computed by a separate implementation written from Draw's javadoc alone (Python).
      List<UUID> entities = ids(0x1000, 10);
      List<UUID> inspectors = ids(0xa000, 4);
      Result result = Draw.run(countingSeed(), entities, inspectors,
          Set.of(new Recusal(inspectors.get(0), entities.get(3))), 4);
      assertEquals(List.of(
          pick("00000000-0000-0000-0000-000000001001", "00000000-0000-0000-0000-00000000a000",
              "00000000-0000-0000-0000-00000000a002"),
          pick("00000000-0000-0000-0000-000000001005", "00000000-0000-0000-0000-00000000a003",
              "00000000-0000-0000-0000-00000000a001"),
          pick("00000000-0000-0000-0000-000000001003", "00000000-0000-0000-0000-00000000a001",
              "00000000-0000-0000-0000-00000000a003"),
          pick("00000000-0000-0000-0000-000000001008", "00000000-0000-0000-0000-00000000a000",
              "00000000-0000-0000-0000-00000000a002")), result.picks());
    }

    private static Pick pick(String entity, String lead, String second) {
      return new Pick(UUID.fromString(entity), UUID.fromString(lead), UUID.fromString(second));
    }

    @Test
    @DisplayName("the same seed and inputs give the same result")
    void deterministic() {
      Set<Recusal> recusals = Set.of(new Recusal(INSPECTORS.get(2), ENTITIES.get(5)));
      for (long seed = 0; seed < 50; seed++) {
        assertEquals(draw(seed, recusals), draw(seed, recusals));
      }
    }

    @Test
    @DisplayName("the order of the inputs and duplicates in them change nothing")
    void orderIrrelevant() {
      Random shuffler = new Random(42);
      Set<Recusal> recusals = Set.of(new Recusal(INSPECTORS.get(2), ENTITIES.get(5)),
          new Recusal(INSPECTORS.get(0), ENTITIES.get(7)));
      for (long seed = 0; seed < 50; seed++) {
        List<UUID> entities = new ArrayList<>(ENTITIES);
        entities.addAll(ENTITIES.subList(0, 4));
        List<UUID> inspectors = new ArrayList<>(INSPECTORS);
        inspectors.add(INSPECTORS.get(3));
        Collections.shuffle(entities, shuffler);
        Collections.shuffle(inspectors, shuffler);
        assertEquals(draw(seed, recusals),
            Draw.run(seed(seed), entities, inspectors, new HashSet<>(recusals), COUNT));
      }
    }

    @Test
    @DisplayName("UUIDs are ordered by their text, not by Java's signed comparison")
    void textOrder() {
      // Java's UUID.compareTo puts 8000... before 0000...; the text order does not.
      UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
      UUID low = UUID.fromString("00000000-0000-0000-0000-000000000001");
      Result result = Draw.run(countingSeed(), List.of(high, low), INSPECTORS, Set.of(), 1);
      // The first word of countingSeed() is odd, so below(2) is 1: the second entity in text order.
      assertEquals(high, result.picks().get(0).entityId());
    }

    @Test
    @DisplayName("different seeds give different draws")
    void seedsMatter() {
      Set<Result> results = new HashSet<>();
      for (long seed = 0; seed < 100; seed++) {
        results.add(draw(seed, Set.of()));
      }
      assertEquals(100, results.size());
    }
  }

  @Nested
  @DisplayName("keeps its rules in every draw")
  class Rules {

    @Test
    @DisplayName("no entity twice, two different inspectors, recusals honoured")
    void invariants() {
      Set<Recusal> recusals = new HashSet<>();
      for (int e = 0; e < ENTITIES.size(); e += 2) {
        recusals.add(new Recusal(INSPECTORS.get(e % INSPECTORS.size()), ENTITIES.get(e)));
        recusals.add(new Recusal(INSPECTORS.get((e + 3) % INSPECTORS.size()), ENTITIES.get(e)));
      }
      for (long seed = 0; seed < 500; seed++) {
        int count = 1 + (int) (seed % ENTITIES.size());
        List<Pick> picks = Draw.run(seed(seed), ENTITIES, INSPECTORS, recusals, count).picks();
        assertEquals(count, picks.size());
        assertEquals(count, picks.stream().map(Pick::entityId).distinct().count(), "an entity drawn twice");
        for (Pick pick : picks) {
          assertTrue(ENTITIES.contains(pick.entityId()));
          assertTrue(INSPECTORS.contains(pick.lead()) && INSPECTORS.contains(pick.second()));
          assertNotEquals(pick.lead(), pick.second());
          assertFalse(recusals.contains(new Recusal(pick.lead(), pick.entityId())), "recused lead " + pick);
          assertFalse(recusals.contains(new Recusal(pick.second(), pick.entityId())), "recused second " + pick);
        }
      }
    }

    @Test
    @DisplayName("without recusals, inspectors' loads differ by at most one")
    void balanced() {
      for (long seed = 0; seed < 300; seed++) {
        int inspectors = 2 + (int) (seed % 8);
        int count = 1 + (int) (seed % ENTITIES.size());
        Map<UUID, Integer> loads = new HashMap<>();
        ids(0xa000, inspectors).forEach(id -> loads.put(id, 0));
        for (Pick pick : Draw.run(seed(seed), ENTITIES, ids(0xa000, inspectors), Set.of(), count).picks()) {
          loads.merge(pick.lead(), 1, Integer::sum);
          loads.merge(pick.second(), 1, Integer::sum);
        }
        int max = Collections.max(loads.values());
        int min = Collections.min(loads.values());
        assertTrue(max - min <= 1, "seed " + seed + ": loads " + loads);
      }
    }

    @Test
    @DisplayName("a drawn entity with fewer than two inspectors left fails, naming the entity")
    void infeasibleNamesTheEntity() {
      List<UUID> inspectors = ids(0xa000, 3);
      UUID stuck = ENTITIES.get(17);
      Set<Recusal> recusals = Set.of(new Recusal(inspectors.get(0), stuck), new Recusal(inspectors.get(2), stuck));
      Infeasible failure = assertThrows(Infeasible.class,
          () -> Draw.run(seed(1), ENTITIES, inspectors, recusals, ENTITIES.size()));
      assertEquals(stuck, failure.entityId());
      assertTrue(failure.getMessage().contains(stuck.toString()));
    }

    @Test
    @DisplayName("an entity nobody may inspect only matters when it is drawn")
    void infeasibleOnlyWhenDrawn() {
      UUID stuck = ENTITIES.get(4);
      Set<Recusal> recusals = new HashSet<>();
      INSPECTORS.forEach(inspector -> recusals.add(new Recusal(inspector, stuck)));
      int failed = 0;
      for (long seed = 0; seed < 200; seed++) {
        try {
          assertFalse(draw(seed, recusals).picks().stream().anyMatch(pick -> pick.entityId().equals(stuck)));
        } catch (Infeasible e) {
          assertEquals(stuck, e.entityId());
          failed++;
        }
      }
      // It is drawn with probability 6/30, so about 40 of 200.
      assertTrue(failed > 20 && failed < 60, failed + " of 200 failed");
    }

    @Test
    @DisplayName("a bad count, too few inspectors or a bad seed is refused")
    void badArguments() {
      List<UUID> three = List.of(ENTITIES.get(0), ENTITIES.get(1), ENTITIES.get(2), ENTITIES.get(2));
      assertThrows(IllegalArgumentException.class, () -> Draw.run(seed(1), three, INSPECTORS, Set.of(), 0));
      assertThrows(IllegalArgumentException.class, () -> Draw.run(seed(1), three, INSPECTORS, Set.of(), -1));
      assertThrows(IllegalArgumentException.class, () -> Draw.run(seed(1), three, INSPECTORS, Set.of(), 4),
          "duplicates do not count towards the number of entities");
      assertThrows(IllegalArgumentException.class, () -> Draw.run(seed(1), List.of(), INSPECTORS, Set.of(), 1));
      List<UUID> oneTwice = List.of(INSPECTORS.get(0), INSPECTORS.get(0));
      assertThrows(IllegalArgumentException.class, () -> Draw.run(seed(1), three, oneTwice, Set.of(), 1));
      assertThrows(IllegalArgumentException.class, () -> Draw.run(new byte[15], three, INSPECTORS, Set.of(), 1));
      assertEquals(3, Draw.run(seed(1), three, INSPECTORS.subList(0, 2), Set.of(), 3).picks().size());
    }
  }

  @Nested
  @DisplayName("is fair over 4,000 draws of 6 from 30 entities with 7 inspectors")
  class Fair {

    @Test
    @DisplayName("entities, inspectors, leads and pairs of inspectors are all chosen uniformly")
    void uniform() {
      long[] entities = new long[ENTITIES.size()];
      long[] inspectors = new long[INSPECTORS.size()];
      long[] leads = new long[INSPECTORS.size()];
      long[] pairs = new long[INSPECTORS.size() * INSPECTORS.size()];
      for (long seed = 0; seed < DRAWS; seed++) {
        for (Pick pick : draw(seed, Set.of()).picks()) {
          entities[ENTITIES.indexOf(pick.entityId())]++;
          int lead = INSPECTORS.indexOf(pick.lead());
          int second = INSPECTORS.indexOf(pick.second());
          inspectors[lead]++;
          inspectors[second]++;
          leads[lead]++;
          pairs[Math.min(lead, second) * INSPECTORS.size() + Math.max(lead, second)]++;
        }
      }
      long[] unorderedPairs = IntStream.range(0, INSPECTORS.size()).boxed()
          .flatMap(a -> IntStream.range(a + 1, INSPECTORS.size()).mapToObj(b -> pairs[a * INSPECTORS.size() + b]))
          .mapToLong(Long::longValue).toArray();

      assertEquals(21, unorderedPairs.length);
      assertAll(
          () -> assertBelow(CHI2_999_DF29, chiSquare(entities), "entities"),
          () -> assertBelow(CHI2_999_DF6, chiSquare(inspectors), "inspectors"),
          () -> assertBelow(CHI2_999_DF6, chiSquare(leads), "leads"),
          () -> assertBelow(CHI2_999_DF20, chiSquare(unorderedPairs), "pairs"));
    }

    @Test
    @DisplayName("with recusals, recused inspectors never go and entities are still chosen uniformly")
    void uniformWithRecusals() {
      // The first inspector is recused from a third of the entities, the last from two of them.
      Set<Recusal> recusals = new HashSet<>();
      ENTITIES.subList(0, 10).forEach(entity -> recusals.add(new Recusal(INSPECTORS.get(0), entity)));
      recusals.add(new Recusal(INSPECTORS.get(6), ENTITIES.get(0)));
      recusals.add(new Recusal(INSPECTORS.get(6), ENTITIES.get(20)));

      long[] entities = new long[ENTITIES.size()];
      for (long seed = 0; seed < DRAWS; seed++) {
        for (Pick pick : draw(seed, recusals).picks()) {
          assertFalse(recusals.contains(new Recusal(pick.lead(), pick.entityId())), "recused lead " + pick);
          assertFalse(recusals.contains(new Recusal(pick.second(), pick.entityId())), "recused second " + pick);
          entities[ENTITIES.indexOf(pick.entityId())]++;
        }
      }
      assertBelow(CHI2_999_DF29, chiSquare(entities), "entities with recusals");
    }

    /** Pearson's statistic against equal expected counts. */
    private static double chiSquare(long[] observed) {
      double expected = (double) Arrays.stream(observed).sum() / observed.length;
      double sum = 0;
      for (long o : observed) {
        sum += (o - expected) * (o - expected) / expected;
      }
      return sum;
    }

    private static void assertBelow(double critical, double statistic, String what) {
      assertTrue(statistic < critical, what + ": chi-square " + statistic + " is not below " + critical);
    }
  }
}
