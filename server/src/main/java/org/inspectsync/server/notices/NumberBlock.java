package org.inspectsync.server.notices;

/** Numbers {@code first}..{@code last} of a year, leased to one device to issue offline. */
public record NumberBlock(int year, int first, int last) {

  public boolean contains(NoticeNumber number) {
    return number.year() == year && number.seq() >= first && number.seq() <= last;
  }
}
