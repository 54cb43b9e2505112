package org.inspectsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of one mutation. A rejected mutation still consumes its number: the phone
 * drops it from its queue and shows the reason; resending it changes nothing.
 *
 * @param seq the mutation's number
 * @param status applied or rejected
 * @param code for a rejection, the stable {@link ErrorCode} name
 * @param field for a rejection, the path of the field at fault inside the mutation, e.g. {@code data.creditCode}
 * @param message for a rejection, a sentence for people
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MutationResult(long seq, Status status, String code, String field, String message) {

  /** The fate of a mutation. */
  public enum Status {
    applied, rejected
  }

  public boolean applied() {
    return status == Status.applied;
  }
}
