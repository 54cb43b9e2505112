package org.inspectsync.server.notices;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule for numbers a batch's notices carry: a phone issues only numbers from blocks leased to
 * it, and never one that is already on a notice. Blocks never overlap, so phones issuing offline
 * at the same time cannot collide. Tracks the numbers used as the batch goes.
 */
public final class NoticeNumbers {

  /** Whether a number may be used, and if not, why. */
  public enum Verdict {
    OK, NOT_LEASED, USED
  }

  private final List<NumberBlock> leased;
  private final Set<String> used;

  public NoticeNumbers(List<NumberBlock> leased, Set<String> used) {
    this.leased = List.copyOf(leased);
    this.used = new HashSet<>(used);
  }

  public static NoticeNumbers none() {
    return new NoticeNumbers(List.of(), Set.of());
  }

  /** Checks a number and, if it may be used, takes it. */
  public Verdict take(NoticeNumber number) {
    if (leased.stream().noneMatch(block -> block.contains(number))) {
      return Verdict.NOT_LEASED;
    }
    return used.add(number.toString()) ? Verdict.OK : Verdict.USED;
  }
}
