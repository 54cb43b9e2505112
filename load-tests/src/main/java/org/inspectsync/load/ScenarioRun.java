package org.inspectsync.load;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One scenario run in a fresh JVM on this JVM's class path, with its parameters as {@code -D}
 * properties and {@code -Dfindings} naming a temporary file: what it printed (standard output and
 * error, as they came), how it exited, and the Findings it wrote.
 *
 * @param exitCode the child's exit status; -1 when it was ended for running past its limit
 * @param findings null when the child wrote none (it broke, or its class is missing)
 * @param loadAverage the machine's 1-minute load average just before the child started
 */
record ScenarioRun(BenchmarkScenario scenario, Map<String, String> parameters, int exitCode, String output,
    Findings findings, Duration wall, String loadAverage) {

  boolean ok() {
    return exitCode == 0 && findings != null && findings.errors() == 0;
  }

  /** Runs the scenario, copying its output to {@code echo} as it comes. */
  static ScenarioRun of(BenchmarkScenario scenario, boolean tinyScale, PrintStream echo)
      throws IOException, InterruptedException {
    Map<String, String> parameters = scenario.parameters(tinyScale);
    Path findingsFile = Files.createTempFile("inspectsync-findings-" + scenario.id() + "-", ".json");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    parameters.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.add("-Dfindings=" + findingsFile);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(scenario.mainClass());
    String load = MachineFacts.loadAverage();
    long start = System.nanoTime();
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> copy(child, output, echo), "output of " + scenario.id());
    reader.start();
    int exit;
    if (child.waitFor(scenario.limit().toMillis(), TimeUnit.MILLISECONDS)) {
      exit = child.exitValue();
    } else {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly().waitFor();
      exit = -1;
    }
    reader.join(10_000);
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    if (exit == -1) {
      output.append("(ended after ").append(scenario.limit().toMinutes()).append(" minutes, the scenario's limit)\n");
    }
    Findings findings = null;
    String json = Files.readString(findingsFile);
    if (!json.isBlank()) {
      findings = Findings.fromJson(new JsonObject(json));
    }
    Files.deleteIfExists(findingsFile);
    return new ScenarioRun(scenario, parameters, exit, output.toString(), findings, wall, load);
  }

  private static void copy(Process child, StringBuilder output, PrintStream echo) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        echo.println(line);
        synchronized (output) {
          output.append(line).append('\n');
        }
      }
    } catch (IOException ended) {
      // The child was ended; what it printed so far is kept.
    }
  }
}
