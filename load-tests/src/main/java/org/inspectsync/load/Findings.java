package org.inspectsync.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario run measured, for the report the benchmarks command writes: its figures by
 * name, and the targets it was held to. A scenario prints its own text as well; this is the part a
 * program reads. Written as JSON to the file named by {@code -Dfindings}, when that is given.
 */
final class Findings {

  /** A figure: its value, its unit ("ms", "mutations/s", "KiB", ...) and what it is, in words. */
  record Figure(double value, String unit, String label) {
  }

  /**
   * A target: the figure must be at most (or at least) {@code limit}. {@code measured} is what the
   * run gave, in the same unit.
   */
  record Target(String name, double limit, boolean atMost, double measured, String unit) {

    boolean met() {
      return atMost ? measured <= limit : measured >= limit;
    }

    /** How far past the limit the figure is, in its unit; 0 when met. */
    double missedBy() {
      return met() ? 0 : Math.abs(measured - limit);
    }
  }

  private final String scenario;
  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final List<Target> targets = new ArrayList<>();
  private int errors;

  Findings(String scenario) {
    this.scenario = scenario;
  }

  Findings figure(String name, double value, String unit, String label) {
    figures.put(name, new Figure(value, unit, label));
    return this;
  }

  Findings atMost(String name, double limit, double measured, String unit) {
    targets.add(new Target(name, limit, true, measured, unit));
    return this;
  }

  Findings atLeast(String name, double limit, double measured, String unit) {
    targets.add(new Target(name, limit, false, measured, unit));
    return this;
  }

  Findings errors(int count) {
    errors = count;
    return this;
  }

  List<Target> targets() {
    return List.copyOf(targets);
  }

  Map<String, Figure> figures() {
    return Map.copyOf(figures);
  }

  JsonObject toJson() {
    JsonObject named = new JsonObject();
    figures.forEach((name, f) -> named.put(name,
        new JsonObject().put("value", f.value()).put("unit", f.unit()).put("label", f.label())));
    JsonArray goals = new JsonArray();
    targets.forEach(t -> goals.add(new JsonObject().put("name", t.name()).put("limit", t.limit())
        .put("atMost", t.atMost()).put("measured", t.measured()).put("unit", t.unit()).put("met", t.met())));
    return new JsonObject().put("scenario", scenario).put("errors", errors).put("figures", named)
        .put("targets", goals);
  }

  static Findings fromJson(JsonObject json) {
    Findings findings = new Findings(json.getString("scenario")).errors(json.getInteger("errors", 0));
    json.getJsonObject("figures").forEach(e -> {
      JsonObject f = (JsonObject) e.getValue();
      findings.figure(e.getKey(), f.getDouble("value"), f.getString("unit"), f.getString("label"));
    });
    json.getJsonArray("targets").forEach(o -> {
      JsonObject t = (JsonObject) o;
      findings.targets.add(new Target(t.getString("name"), t.getDouble("limit"), t.getBoolean("atMost"),
          t.getDouble("measured"), t.getString("unit")));
    });
    return findings;
  }

  String scenario() {
    return scenario;
  }

  int errors() {
    return errors;
  }

  /** Writes the JSON to the file {@code -Dfindings} names; does nothing without it. */
  void writeIfAsked() {
    String file = System.getProperty("findings");
    if (file == null || file.isBlank()) {
      return;
    }
    try {
      Files.writeString(Path.of(file), toJson().encodePrettily() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
