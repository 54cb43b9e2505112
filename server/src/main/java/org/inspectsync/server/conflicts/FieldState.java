package org.inspectsync.server.conflicts;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the server remembers of one field besides its value, kept per field in the record's
 * {@code field_stamps} column: the record version at which the current round of writes began,
 * who holds the current value, and which values lost in this round.
 *
 * @param version the record version written by the last write that saw everything before it
 * @param holders the authors whose write is the current value, greatest last
 * @param losers the concurrent writes whose value is not the current one
 */
public record FieldState(int version, List<Author> holders, List<Lost> losers) {

  /** A concurrent write whose value lost, kept until someone reviews it. */
  public record Lost(Author author, Object value) {
  }

  public JsonObject toJson() {
    JsonArray holderJson = new JsonArray();
    holders.forEach(author -> holderJson.add(authorJson(author)));
    JsonArray loserJson = new JsonArray();
    losers.forEach(lost -> loserJson.add(authorJson(lost.author()).put("value", lost.value())));
    return new JsonObject().put("v", version).put("h", holderJson).put("l", loserJson);
  }

  /** The state stored as JSON, or null when the field has none yet. */
  public static FieldState fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    List<Author> holders = new ArrayList<>();
    for (Object holder : json.getJsonArray("h", new JsonArray())) {
      holders.add(author((JsonObject) holder));
    }
    List<Lost> losers = new ArrayList<>();
    for (Object loser : json.getJsonArray("l", new JsonArray())) {
      JsonObject lost = (JsonObject) loser;
      losers.add(new Lost(author(lost), lost.getValue("value")));
    }
    return new FieldState(json.getInteger("v"), List.copyOf(holders), List.copyOf(losers));
  }

  private static JsonObject authorJson(Author author) {
    return new JsonObject()
        .put("u", author.userId() == null ? null : author.userId().toString())
        .put("d", author.deviceId())
        .put("r", author.rank())
        .put("s", author.seq())
        .put("t", author.deviceTime());
  }

  private static Author author(JsonObject json) {
    String user = json.getString("u");
    return new Author(user == null ? null : UUID.fromString(user), json.getString("d"), json.getInteger("r"),
        json.getLong("s", 0L), json.getString("t"));
  }
}
