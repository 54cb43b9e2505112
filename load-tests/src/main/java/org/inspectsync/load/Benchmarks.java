package org.inspectsync.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes docs/BENCHMARKS.md from scratch: runs each scenario of {@link BenchmarkScenario#ALL} in
 * a fresh JVM, one after another, then renders what they printed and measured
 * ({@link BenchmarkReport}). Exits non-zero, after writing the report, when a scenario failed.
 *
 * <p>Parameters are system properties: {@code only} (scenario ids, comma-separated; default every
 * scenario of the default run), {@code out} (the file to write, relative to {@code root}; default
 * docs/BENCHMARKS.md), {@code scale} ({@code tiny} runs every scenario at its tiny size) and
 * {@code root} (the repository's root; default the working directory).
 */
public final class Benchmarks {

  static final String COMMAND = "mvn -B -q -pl load-tests -am -DskipTests -Pbenchmarks verify";

  private Benchmarks() {
  }

  public static void main(String[] args) throws Exception {
    List<BenchmarkScenario> chosen = chosen(property("only"));
    boolean tiny = "tiny".equals(property("scale"));
    if (!property("scale").isEmpty() && !tiny) {
      throw new IllegalArgumentException("-Dscale must be tiny or blank, not " + property("scale"));
    }
    Path root = Path.of(property("root").isEmpty() ? "." : property("root"));
    Path out = root.resolve(property("out").isEmpty() ? "docs/BENCHMARKS.md" : property("out")).normalize();
    String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    MachineFacts machine = MachineFacts.read();

    List<ScenarioRun> runs = new ArrayList<>();
    for (BenchmarkScenario scenario : chosen) {
      System.out.println("== " + scenario.id() + " (" + scenario.mainClass() + ")");
      ScenarioRun run = ScenarioRun.of(scenario, tiny, System.out);
      System.out.println("== " + scenario.id() + ": " + (run.ok() ? "ok" : "FAILED") + " in "
          + run.wall().toSeconds() + " s");
      runs.add(run);
    }
    String report = new BenchmarkReport(when, machine, command(), tiny, runs, Benchmarks::prose).render();
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    long failed = runs.stream().filter(r -> !r.ok()).count();
    System.out.println("wrote " + out + (failed == 0 ? "" : "; " + failed + " scenario(s) failed"));
    System.exit(failed == 0 ? 0 : 1);
  }

  /** The scenarios {@code only} names, in the list's order, or those of the default run. */
  static List<BenchmarkScenario> chosen(String only) {
    if (only.isEmpty()) {
      return BenchmarkScenario.ALL.stream().filter(BenchmarkScenario::byDefault).toList();
    }
    List<String> ids = Arrays.stream(only.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
    for (String id : ids) {
      if (BenchmarkScenario.byId(id).isEmpty()) {
        throw new IllegalArgumentException("no scenario " + id + "; there are " + BenchmarkScenario.ALL.stream()
            .map(BenchmarkScenario::id).toList());
      }
    }
    return BenchmarkScenario.ALL.stream().filter(s -> ids.contains(s.id())).toList();
  }

  /** The command as given: the profile, with only the parameters that were set. */
  private static String command() {
    StringBuilder command = new StringBuilder(COMMAND);
    for (String name : List.of("only", "out", "scale")) {
      if (!property(name).isEmpty()) {
        command.append(" -D").append(name).append('=').append(property(name));
      }
    }
    return command.toString();
  }

  private static String property(String name) {
    return System.getProperty(name, "").trim();
  }

  /** A scenario's prose, from the resource {@code benchmarks/<id>.md}. */
  static String prose(String id) {
    try (InputStream in = Benchmarks.class.getResourceAsStream("/benchmarks/" + id + ".md")) {
      if (in == null) {
        return "(No description yet: add load-tests/src/main/resources/benchmarks/" + id + ".md.)";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
