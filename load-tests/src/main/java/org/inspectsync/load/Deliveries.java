package org.inspectsync.load;

import java.util.Arrays;
import java.util.List;

/**
 * Which event first shows a push on a screen. Every push adds one check, and a screen sees only
 * counts, so a push is known to be on the screen once the count reaches a figure that could not be
 * reached without it.
 *
 * <p>A push that was sent after another's reply arrived committed after that one did, so a tally
 * computed without the first push cannot include the later one either. Hence a count of at least
 * {@code base + (pushes sent before this one's reply, itself included)} includes this push: that is
 * {@link #certain}. When no other push was in flight while this one was, the count that first
 * includes it is exactly that figure; when one was, the push may have been shown one event earlier,
 * so its measured delay is an upper bound ({@link #exact} tells which).
 */
final class Deliveries {

  /** One push of one check, timed by the phone with {@code System.nanoTime}: sent, and reply read (after the commit). */
  record Push(int station, long sentNanos, long answeredNanos) {
  }

  private Deliveries() {
  }

  /** For each push, the smallest count that is certain to include it. */
  static long[] certain(List<Push> pushes, long base) {
    long[] sent = pushes.stream().mapToLong(Push::sentNanos).sorted().toArray();
    return pushes.stream().mapToLong(p -> base + atOrBelow(sent, p.answeredNanos())).toArray();
  }

  /** For each push, whether the certain count is also the smallest that could include it. */
  static boolean[] exact(List<Push> pushes) {
    long[] answered = pushes.stream().mapToLong(Push::answeredNanos).sorted().toArray();
    long[] sent = pushes.stream().mapToLong(Push::sentNanos).sorted().toArray();
    boolean[] exact = new boolean[pushes.size()];
    for (int i = 0; i < exact.length; i++) {
      Push push = pushes.get(i);
      long answeredBefore = atOrBelow(answered, push.sentNanos() - 1);
      exact[i] = answeredBefore + 1 == atOrBelow(sent, push.answeredNanos());
    }
    return exact;
  }

  /**
   * The highest count shown so far at each event: a screen shows what it last received, and a
   * count that went back would be an error reported on its own.
   */
  static long[] shown(long[] counts, int size) {
    long[] shown = Arrays.copyOf(counts, size);
    for (int e = 1; e < size; e++) {
      shown[e] = Math.max(shown[e], shown[e - 1]);
    }
    return shown;
  }

  /** Index of the first event whose shown count reaches {@code target}, or -1 when none does. */
  static int firstReaching(long[] shown, long target) {
    int low = 0;
    int high = shown.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (shown[mid] >= target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low == shown.length ? -1 : low;
  }

  /** How many of the sorted values are at most {@code limit}. */
  private static long atOrBelow(long[] sorted, long limit) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= limit) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
