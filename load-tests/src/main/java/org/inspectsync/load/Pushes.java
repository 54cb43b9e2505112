package org.inspectsync.load;

import java.util.List;
import org.inspectsync.protocol.client.Phone;

/** A reference phone's push in a load run: a failure or a rejection becomes one of the run's errors. */
final class Pushes {

  private Pushes() {
  }

  /** Pushes the phone's outbox; {@code number} names the phone in the errors. */
  static void push(Phone phone, int number, List<String> errors) {
    try {
      phone.push();
    } catch (RuntimeException e) {
      errors.add("phone " + number + ": " + e);
      return;
    }
    if (!phone.rejections().isEmpty()) {
      errors.add("phone " + number + ": " + phone.rejections().size() + " mutations rejected, first "
          + phone.rejections().get(0));
      phone.rejections().clear();
    }
  }
}
