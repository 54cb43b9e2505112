package org.inspectsync.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario run measured, for the report the benchmarks command writes: its figures by
 * name, the targets it was held to, and facts in words (the database it ran on). A scenario prints
 * its own text as well; this is the part a program reads. Written as JSON to the file named by
 * {@code -Dfindings}, when that is given. A figure that could not be measured is NaN here and
 * {@code null} in the JSON, which has no NaN.
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

    /** False when the figure was not measured (NaN) as well as when it is past the limit. */
    boolean met() {
      return atMost ? measured <= limit : measured >= limit;
    }

    /** How far past the limit the figure is, in its unit; 0 when met, NaN when not measured. */
    double missedBy() {
      return met() ? 0 : Math.abs(measured - limit);
    }

    /** How far past the limit, as a share of the limit; 0 when met, NaN when not measured. */
    double missedByShare() {
      return limit == 0 ? Double.NaN : missedBy() / Math.abs(limit);
    }
  }

  private final String scenario;
  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final List<Target> targets = new ArrayList<>();
  private final Map<String, String> facts = new LinkedHashMap<>();
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

  /** A fact in words, such as the database the run used. */
  Findings fact(String name, String text) {
    facts.put(name, text);
    return this;
  }

  Findings errors(int count) {
    errors = count;
    return this;
  }

  List<Target> targets() {
    return List.copyOf(targets);
  }

  /** The figures in the order they were given. */
  Map<String, Figure> figures() {
    return Collections.unmodifiableMap(figures);
  }

  Map<String, String> facts() {
    return Collections.unmodifiableMap(facts);
  }

  JsonObject toJson() {
    JsonObject named = new JsonObject();
    figures.forEach((name, f) -> named.put(name,
        new JsonObject().put("value", finite(f.value())).put("unit", f.unit()).put("label", f.label())));
    JsonArray goals = new JsonArray();
    targets.forEach(t -> goals.add(new JsonObject().put("name", t.name()).put("limit", t.limit())
        .put("atMost", t.atMost()).put("measured", finite(t.measured())).put("unit", t.unit())
        .put("met", t.met())));
    JsonObject words = new JsonObject();
    facts.forEach(words::put);
    return new JsonObject().put("scenario", scenario).put("errors", errors).put("facts", words)
        .put("figures", named).put("targets", goals);
  }

  static Findings fromJson(JsonObject json) {
    Findings findings = new Findings(json.getString("scenario")).errors(json.getInteger("errors", 0));
    json.getJsonObject("facts", new JsonObject()).forEach(e -> findings.fact(e.getKey(), (String) e.getValue()));
    json.getJsonObject("figures").forEach(e -> {
      JsonObject f = (JsonObject) e.getValue();
      findings.figure(e.getKey(), number(f, "value"), f.getString("unit"), f.getString("label"));
    });
    json.getJsonArray("targets").forEach(o -> {
      JsonObject t = (JsonObject) o;
      findings.targets.add(new Target(t.getString("name"), t.getDouble("limit"), t.getBoolean("atMost"),
          number(t, "measured"), t.getString("unit")));
    });
    return findings;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static double number(JsonObject json, String key) {
    Double value = json.getDouble(key);
    return value == null ? Double.NaN : value;
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
