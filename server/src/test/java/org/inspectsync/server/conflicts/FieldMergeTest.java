package org.inspectsync.server.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Merging a write into a field")
class FieldMergeTest {

  private static Author inspector(String device) {
    return new Author(UUID.nameUUIDFromBytes(device.getBytes()), device, 1, 1, null);
  }

  private static Author supervisor(String device) {
    return new Author(UUID.nameUUIDFromBytes(device.getBytes()), device, 3, 1, null);
  }

  /** A field written once, at version 2, by {@code author}. */
  private static FieldState heldBy(Author author) {
    return new FieldState(2, List.of(author), List.of());
  }

  private static FieldMerge.Result merge(Object current, FieldState state, Object incoming, int base, Author author) {
    return FieldMerge.merge(current, state, incoming, base, author, 9, Objects::equals);
  }

  @Nested
  @DisplayName("when the write is sequential")
  class Sequential {

    @Test
    @DisplayName("a field never written takes the value and starts a round at the new version")
    void firstWrite() {
      FieldMerge.Result result = merge("old", null, "new", 1, inspector("a"));
      assertEquals("new", result.value());
      assertEquals(new FieldState(9, List.of(inspector("a")), List.of()), result.state());
      assertTrue(result.added().isEmpty());
    }

    @Test
    @DisplayName("a write from a phone that saw the last write replaces it without conflict")
    void sawTheLastWrite() {
      FieldMerge.Result result = merge("b's", heldBy(inspector("b")), "a's", 2, inspector("a"));
      assertEquals("a's", result.value());
      assertTrue(result.added().isEmpty());
    }

    @Test
    @DisplayName("a phone's second offline write replaces its own first one without conflict")
    void ownEarlierWrite() {
      FieldMerge.Result result = merge("first", heldBy(inspector("a")), "second", 1, inspector("a"));
      assertEquals("second", result.value());
      assertTrue(result.added().isEmpty());
    }
  }

  @Nested
  @DisplayName("when the write is concurrent")
  class Concurrent {

    @ParameterizedTest(name = "holder {0}, incoming {1} -> value {2}")
    @CsvSource({
        "a, b, b's",   // same rank: the greater device id wins
        "b, a, b's",
        "c, a, c's",
    })
    @DisplayName("between inspectors, the greater device id wins and the other value is kept")
    void greaterDeviceWins(String holder, String incoming, String expected) {
      FieldMerge.Result result = merge(holder + "'s", heldBy(inspector(holder)), incoming + "'s", 1,
          inspector(incoming));
      assertEquals(expected, result.value());
      String loser = expected.equals(holder + "'s") ? incoming : holder;
      assertEquals(List.of(new FieldState.Lost(inspector(loser), loser + "'s")), result.added());
    }

    @Test
    @DisplayName("a supervisor's write beats any inspector's, whatever the device ids")
    void rankFirst() {
      FieldMerge.Result result = merge("z's", heldBy(inspector("zzz")), "boss", 1, supervisor("aaa"));
      assertEquals("boss", result.value());
      assertEquals(List.of(new FieldState.Lost(inspector("zzz"), "z's")), result.added());
    }

    @Test
    @DisplayName("the same value written twice is no conflict: both hold it")
    void sameValue() {
      FieldMerge.Result result = merge("x", heldBy(inspector("a")), "x", 1, inspector("b"));
      assertEquals("x", result.value());
      assertTrue(result.added().isEmpty());
      assertEquals(List.of(inspector("a"), inspector("b")), result.state().holders());
    }

    @Test
    @DisplayName("a lost value that becomes the winning value again is taken back from the losers")
    void retraction() {
      FieldState state = new FieldState(2, List.of(inspector("b")), List.of(new FieldState.Lost(inspector("a"), "x")));
      FieldMerge.Result result = merge("y", state, "x", 1, inspector("c"));
      assertEquals("x", result.value());
      assertEquals(List.of(new FieldState.Lost(inspector("a"), "x")), result.retracted());
      assertEquals(List.of(new FieldState.Lost(inspector("b"), "y")), result.added());
      assertEquals(List.of(inspector("a"), inspector("c")), result.state().holders());
    }
  }

  @Test
  @DisplayName("every order of the same concurrent writes ends with the same value and the same losers")
  void orderDoesNotMatter() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<Object[]> writes = new ArrayList<>();
      int count = 2 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        Author author = new Author(null, "device-" + i, 1 + random.nextInt(3), 1, null);
        writes.add(new Object[] {author, "v" + random.nextInt(3)});
      }
      Set<String> outcomes = new HashSet<>();
      for (List<Object[]> order : permutations(writes)) {
        Object value = "original";
        FieldState state = new FieldState(1, List.of(new Author(null, "origin", 1, 1, null)), List.of());
        int version = 1;
        for (Object[] write : order) {
          FieldMerge.Result result = FieldMerge.merge(value, state, write[1], 1, (Author) write[0], ++version,
              Objects::equals);
          value = result.value();
          state = result.state();
        }
        String losers = state.losers().stream().map(lost -> lost.author().deviceId() + "=" + lost.value())
            .sorted().collect(Collectors.joining(","));
        outcomes.add(value + " | " + losers);
      }
      assertEquals(1, outcomes.size(), () -> "writes " + describe(writes) + " gave " + outcomes);
    }
  }

  private static String describe(List<Object[]> writes) {
    return writes.stream().map(w -> ((Author) w[0]).deviceId() + "/r" + ((Author) w[0]).rank() + "=" + w[1])
        .collect(Collectors.joining(", "));
  }

  private static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> all = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<T> rest = new ArrayList<>(items);
      T first = rest.remove(i);
      for (List<T> tail : permutations(rest)) {
        List<T> order = new ArrayList<>();
        order.add(first);
        order.addAll(tail);
        all.add(order);
      }
    }
    return all;
  }
}
