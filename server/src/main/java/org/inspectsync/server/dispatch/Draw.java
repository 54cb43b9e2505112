package org.inspectsync.server.dispatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The "double random, one public" (双随机、一公开) draw: which market entities are inspected, and
 * which two inspectors go to each, both chosen at random, with the draw open to public checking.
 *
 * <p>What the draw promises:
 *
 * <ul>
 *   <li><b>Random</b>: every choice comes from the seed through {@link DrawRandom}; no clock, no
 *       other source. Fix the lists before the seed is known and nobody can steer the outcome.</li>
 *   <li><b>Fair</b>: each entity is picked with probability {@code count / M} (M entities). Each
 *       inspector is chosen for as nearly the same number of visits as recusals allow; with no
 *       recusals the counts differ by at most one, and, because ties are broken at random, every
 *       inspector and every pair of inspectors is equally likely, so each inspector is expected to
 *       serve {@code 2 * count / K} times (K inspectors).</li>
 *   <li><b>Reproducible</b>: the same seed, entities, inspectors, recusals and count give the same
 *       result, whatever order or duplicates the collections came with.</li>
 *   <li><b>Publishable</b>: publishing the seed, the lists, the recusals and the count lets anyone
 *       redo the draw, in any language, from the procedure below.</li>
 * </ul>
 *
 * <p>The procedure, exactly, with {@code r} one {@link DrawRandom} made from the seed and used for
 * every step in this order:
 *
 * <ol>
 *   <li>Remove duplicates from the entities and sort them ascending by their canonical text (the
 *       36-character lower-case hyphenated form), giving {@code E[0..M-1]}. Do the same with the
 *       inspectors, giving {@code I[0..K-1]}. Require {@code 1 <= count <= M} and {@code K >= 2}.</li>
 *   <li>Entities, a partial Fisher–Yates shuffle: for {@code i = 0 .. count-1}, let
 *       {@code j = i + r.below(M - i)} and swap {@code E[i]} with {@code E[j]}. The picks are
 *       {@code E[0..count-1]}, in that order.</li>
 *   <li>Inspectors: every inspector starts with load 0. For each pick in order, the eligible
 *       inspectors are those of {@code I}, in sorted order, without a recusal for that entity. If
 *       fewer than two are eligible the draw fails ({@link Infeasible}). Otherwise the lead is
 *       chosen among the eligible inspectors with the lowest load: of those, in sorted order, the
 *       one at position {@code r.below(their number)}; the lead's load goes up by one and the lead
 *       leaves the eligible list. The second is chosen from what remains in exactly the same
 *       way, and its load goes up by one.</li>
 * </ol>
 *
 * Recusals naming an inspector or entity not in the draw change nothing.
 */
public final class Draw {

  /** An inspector who must not inspect an entity, for a conflict of interest or a past dispute. */
  public record Recusal(UUID inspectorId, UUID entityId) {
    public Recusal {
      Objects.requireNonNull(inspectorId, "inspectorId");
      Objects.requireNonNull(entityId, "entityId");
    }
  }

  /** One entity to inspect and the two inspectors sent to it; the lead signs the record. */
  public record Pick(UUID entityId, UUID lead, UUID second) {
  }

  /** The picks in the order they were drawn. */
  public record Result(List<Pick> picks) {
    public Result {
      picks = List.copyOf(picks);
    }
  }

  /** A picked entity has fewer than two inspectors left once recusals are taken out. */
  public static final class Infeasible extends RuntimeException {
    private final UUID entityId;

    public Infeasible(UUID entityId) {
      super("fewer than two inspectors may inspect entity " + entityId);
      this.entityId = entityId;
    }

    public UUID entityId() {
      return entityId;
    }
  }

  private static final Comparator<UUID> CANONICAL = Comparator.comparing(UUID::toString);

  private Draw() {
  }

  /**
   * Runs the draw described on this class.
   *
   * @param seed 16 to 64 bytes, see {@link DrawRandom}
   * @param count how many entities to pick, 1 to the number of distinct entities
   * @throws IllegalArgumentException for a bad seed or count, or fewer than two distinct inspectors
   * @throws Infeasible when a picked entity has fewer than two inspectors without a recusal
   */
  public static Result run(byte[] seed, Collection<UUID> entities, Collection<UUID> inspectors,
      Set<Recusal> recusals, int count) {
    DrawRandom random = new DrawRandom(seed);
    List<UUID> entityList = canonical(entities);
    List<UUID> inspectorList = canonical(inspectors);
    if (count < 1 || count > entityList.size()) {
      throw new IllegalArgumentException("count must be 1 to " + entityList.size() + ", was " + count);
    }
    if (inspectorList.size() < 2) {
      throw new IllegalArgumentException("a draw needs at least two inspectors, had " + inspectorList.size());
    }
    Objects.requireNonNull(recusals, "recusals");

    for (int i = 0; i < count; i++) {
      Collections.swap(entityList, i, i + random.below(entityList.size() - i));
    }

    int[] loads = new int[inspectorList.size()];
    List<Pick> picks = new ArrayList<>(count);
    for (UUID entity : entityList.subList(0, count)) {
      List<Integer> eligible = new ArrayList<>();
      for (int k = 0; k < inspectorList.size(); k++) {
        if (!recusals.contains(new Recusal(inspectorList.get(k), entity))) {
          eligible.add(k);
        }
      }
      if (eligible.size() < 2) {
        throw new Infeasible(entity);
      }
      int lead = leastLoaded(eligible, loads, random);
      eligible.remove(Integer.valueOf(lead));
      int second = leastLoaded(eligible, loads, random);
      picks.add(new Pick(entity, inspectorList.get(lead), inspectorList.get(second)));
    }
    return new Result(picks);
  }

  private static List<UUID> canonical(Collection<UUID> ids) {
    return new ArrayList<>(ids.stream().map(id -> Objects.requireNonNull(id, "id")).distinct().sorted(CANONICAL)
        .toList());
  }

  /** Chooses uniformly among the eligible inspectors with the lowest load, and adds one to its load. */
  private static int leastLoaded(List<Integer> eligible, int[] loads, DrawRandom random) {
    int lowest = eligible.stream().mapToInt(k -> loads[k]).min().orElseThrow();
    List<Integer> candidates = eligible.stream().filter(k -> loads[k] == lowest).toList();
    int chosen = candidates.get(random.below(candidates.size()));
    loads[chosen]++;
    return chosen;
  }
}
