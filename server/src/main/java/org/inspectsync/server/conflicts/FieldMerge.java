package org.inspectsync.server.conflicts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Merges one write of one field into what the server holds, judged against the record version
 * the phone started from. Pure: values are compared with the predicate given.
 *
 * <ul>
 *   <li><b>Sequential</b>: nobody else wrote the field since the phone's base version (or only
 *       this device did). The write applies and starts a new round.</li>
 *   <li><b>Concurrent</b>: someone else wrote it since. Of all concurrent writes, the greatest
 *       {@link Author} wins. Every concurrent write whose value differs from the winning value is
 *       a loser, kept for review; one whose value equals it is a holder too.</li>
 * </ul>
 *
 * Because the outcome of a round depends only on the set of its writes, not on their order, phones
 * that sync in any order end with the same value and the same losers.
 */
public final class FieldMerge {

  /**
   * The field after the write.
   *
   * @param added values that lost in this write, to keep for review
   * @param retracted values kept earlier that are the field's value again, so no longer lost
   */
  public record Result(Object value, FieldState state, List<FieldState.Lost> added, List<FieldState.Lost> retracted) {
  }

  private static final Comparator<Author> ORDER = Comparator.naturalOrder();

  private FieldMerge() {
  }

  /**
   * @param current the field's value now
   * @param state the field's state now, or null if it has none
   * @param incoming the value written
   * @param baseVersion the record version the writing phone started from
   * @param author who wrote it
   * @param newVersion the record version this write produces
   * @param same whether two values are the same value
   */
  public static Result merge(Object current, FieldState state, Object incoming, int baseVersion, Author author,
      int newVersion, BiPredicate<Object, Object> same) {
    if (state == null || state.version() <= baseVersion) {
      return new Result(incoming, new FieldState(newVersion, List.of(author), List.of()), List.of(), List.of());
    }
    // A device's newer write replaces its own older one.
    List<Author> holders = new ArrayList<>(state.holders());
    holders.removeIf(author::sameDevice);
    List<FieldState.Lost> losers = new ArrayList<>(state.losers());
    List<FieldState.Lost> added = new ArrayList<>();
    if (same.test(incoming, current)) {
      holders.add(author);
      return result(current, state.version(), holders, losers, added, List.of());
    }
    if (!holders.isEmpty() && author.compareTo(greatest(holders)) < 0) {
      added.add(new FieldState.Lost(author, incoming));
      losers.addAll(added);
      return result(current, state.version(), holders, losers, added, List.of());
    }
    for (Author holder : holders) {
      added.add(new FieldState.Lost(holder, current));
    }
    losers.addAll(added);
    List<Author> newHolders = new ArrayList<>(List.of(author));
    List<FieldState.Lost> retracted = new ArrayList<>();
    for (FieldState.Lost lost : List.copyOf(losers)) {
      if (same.test(lost.value(), incoming)) {
        losers.remove(lost);
        newHolders.add(lost.author());
        if (!added.remove(lost)) {
          retracted.add(lost);
        }
      }
    }
    return result(incoming, state.version(), newHolders, losers, added, retracted);
  }

  private static Result result(Object value, int version, List<Author> holders, List<FieldState.Lost> losers,
      List<FieldState.Lost> added, List<FieldState.Lost> retracted) {
    holders.sort(ORDER);
    return new Result(value, new FieldState(version, List.copyOf(holders), List.copyOf(losers)), List.copyOf(added),
        List.copyOf(retracted));
  }

  private static Author greatest(List<Author> authors) {
    return authors.stream().max(ORDER).orElseThrow();
  }
}
