package org.inspectsync.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What became of one mutation. A rejected mutation still consumes its number: the phone drops it
 * from its queue and shows the reason; resending it changes nothing.
 *
 * @param seq the mutation's number
 * @param status applied, rejected, or parked: it needs a record that has not reached the server yet
 *     (code PREREQUISITE_MISSING, field naming the reference); the server keeps it and applies it
 *     when that record arrives. Like the others, it is settled: the phone drops it from its queue
 * @param code for a rejection, the stable {@link ErrorCode} name
 * @param field for a rejection, the path of the field at fault inside the mutation, e.g. {@code data.creditCode}
 * @param message for a rejection, a sentence for people
 * @param conflicts for an applied mutation, the fields whose value did not win against a concurrent
 *     change (or {@code deleted} for a delete that lost to a later edit); those values are kept
 *     for review and the record, once pulled, shows what won
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MutationResult(long seq, Status status, String code, String field, String message,
    List<String> conflicts) {

  /** The fate of a mutation. */
  public enum Status {
    applied, rejected, parked
  }

  public static MutationResult applied(long seq) {
    return new MutationResult(seq, Status.applied, null, null, null, null);
  }

  public static MutationResult applied(long seq, List<String> conflicts) {
    return new MutationResult(seq, Status.applied, null, null, null, conflicts.isEmpty() ? null : List.copyOf(conflicts));
  }

  public static MutationResult rejected(long seq, String code, String field, String message) {
    return new MutationResult(seq, Status.rejected, code, field, message, null);
  }

  public static MutationResult parked(long seq, String field, String message) {
    return new MutationResult(seq, Status.parked, ErrorCode.PREREQUISITE_MISSING.name(), field, message, null);
  }

  @JsonIgnore
  public boolean applied() {
    return status == Status.applied;
  }
}
