package org.inspectsync.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What the phones know of the findings they edit: whose each one is, its version on the server,
 * and the changes just made that another phone of the station may now edit concurrently. Each
 * finding is edited in sequence by the phone that recorded it. A concurrent edit takes a fresh
 * change from the station's stock: it writes the same field from the version before that change,
 * as a phone would that had pulled the finding earlier and worked offline. Until that edit is
 * answered the finding is <em>contested</em> and its owner leaves it alone, so every field round
 * holds at most one concurrent write and the scenario knows what the server must answer.
 */
final class FindingLedger {

  /** A hazard finding, the phone that recorded it, and that phone's station (by index). */
  record Finding(UUID id, int owner, int station) {
  }

  /** A change its owner just made, from {@code versionBefore}; open to one concurrent edit. */
  record FreshChange(int finding, int versionBefore) {
  }

  private final int[] stationOfPhone;
  private final List<Finding> findings = new ArrayList<>();
  private final List<List<Integer>> owned = new ArrayList<>();
  private final int[] cursors;
  private final List<ConcurrentLinkedDeque<FreshChange>> fresh = new ArrayList<>();
  /** Per station: fresh changes in stock, and the most kept; beyond it the oldest go back to their owners. */
  private final List<AtomicInteger> stocked = new ArrayList<>();
  private final int[] stockLimit;
  /** Per phone: how many of its findings may be contested at once, so that it always has enough to edit. */
  private final int contestedLimit;
  private final AtomicIntegerArray contestedOfPhone;
  private AtomicIntegerArray versions;
  private AtomicIntegerArray contested;

  /**
   * @param stationOfPhone {@code stationOfPhone[p]}: the station index of phone p
   * @param contestedLimit the most findings of one phone contested at once
   * @param stockPerPhone the most fresh changes kept in a station's stock, per phone of the station
   */
  FindingLedger(int[] stationOfPhone, int stations, int contestedLimit, int stockPerPhone) {
    this.stationOfPhone = stationOfPhone.clone();
    this.contestedLimit = contestedLimit;
    this.contestedOfPhone = new AtomicIntegerArray(stationOfPhone.length);
    this.stockLimit = new int[stations];
    for (int station : stationOfPhone) {
      stockLimit[station] += stockPerPhone;
    }
    this.cursors = new int[stationOfPhone.length];
    for (int p = 0; p < stationOfPhone.length; p++) {
      owned.add(new ArrayList<>());
    }
    for (int s = 0; s < stations; s++) {
      fresh.add(new ConcurrentLinkedDeque<>());
      stocked.add(new AtomicInteger());
    }
  }

  /** Records a finding the phone created (version 1). Call for all findings before {@link #seal()}. */
  void add(int phone, UUID id) {
    owned.get(phone).add(findings.size());
    findings.add(new Finding(id, phone, stationOfPhone[phone]));
  }

  /** Ends the fixtures: every finding at version 1, none contested. */
  void seal() {
    versions = new AtomicIntegerArray(findings.size());
    contested = new AtomicIntegerArray(findings.size());
    for (int f = 0; f < findings.size(); f++) {
      versions.set(f, 1);
    }
  }

  Finding finding(int index) {
    return findings.get(index);
  }

  int size() {
    return findings.size();
  }

  int version(int finding) {
    return versions.get(finding);
  }

  /**
   * The phone's next own finding, in turn, that is neither contested nor in {@code taken}.
   * Only the owner's thread calls this for its findings.
   */
  int nextOwn(int phone, Set<Integer> taken) {
    List<Integer> mine = owned.get(phone);
    for (int tried = 0; tried < mine.size(); tried++) {
      int f = mine.get(cursors[phone]);
      cursors[phone] = (cursors[phone] + 1) % mine.size();
      if (contested.get(f) == 0 && !taken.contains(f)) {
        return f;
      }
    }
    throw new IllegalStateException("phone " + (phone + 1) + " has no finding free to edit");
  }

  /** A fresh change of another phone of the station, now contested, or null when the stock has none. */
  FreshChange takeFresh(int phone) {
    ConcurrentLinkedDeque<FreshChange> stock = fresh.get(stationOfPhone[phone]);
    List<FreshChange> own = new ArrayList<>();
    FreshChange found = null;
    for (FreshChange change = stock.pollFirst(); change != null; change = stock.pollFirst()) {
      if (findings.get(change.finding()).owner() != phone) {
        found = change;
        break;
      }
      own.add(change);
    }
    for (int i = own.size() - 1; i >= 0; i--) {
      stock.offerFirst(own.get(i));
    }
    if (found != null) {
      stocked.get(stationOfPhone[phone]).decrementAndGet();
    }
    return found;
  }

  /** A write of the finding was answered: one more version (every applied update makes one). */
  void written(int finding) {
    versions.incrementAndGet(finding);
  }

  /**
   * Whether the phone may offer one more of its changes. Fresh changes are offered at the rate
   * they are taken, but the two drift apart; this bound keeps the stock from growing without end.
   */
  boolean mayPublish(int phone) {
    return contestedOfPhone.get(phone) < contestedLimit;
  }

  /**
   * Offers the change its owner just made to the other phones; the owner keeps off it meanwhile.
   * A full stock gives its oldest change back to its owner: what is taken stays fresh.
   */
  void publish(int finding, int versionBefore) {
    contested.set(finding, 1);
    contestedOfPhone.incrementAndGet(findings.get(finding).owner());
    int station = findings.get(finding).station();
    ConcurrentLinkedDeque<FreshChange> stock = fresh.get(station);
    stock.offerLast(new FreshChange(finding, versionBefore));
    if (stocked.get(station).incrementAndGet() > stockLimit[station]) {
      FreshChange oldest = stock.pollFirst();
      if (oldest != null) {
        stocked.get(station).decrementAndGet();
        release(oldest.finding());
      }
    }
  }

  /** The concurrent edit of the finding was answered; its owner may edit it again. */
  void release(int finding) {
    contestedOfPhone.decrementAndGet(findings.get(finding).owner());
    contested.set(finding, 0);
  }
}
