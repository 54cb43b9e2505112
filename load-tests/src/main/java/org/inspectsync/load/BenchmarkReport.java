package org.inspectsync.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * docs/BENCHMARKS.md as the benchmarks command writes it, from the runs' Findings and output: the
 * machine, the command, a summary of every target and the headline figures, then one section per
 * scenario with its prose, parameters and printed output.
 *
 * @param when when the run started, as written in the report
 * @param command the command that wrote the report
 * @param tinyScale every scenario ran at its tiny size: a smoke of the report, not measurements
 * @param prose a scenario's description by id (Markdown, headings from level 3)
 */
record BenchmarkReport(String when, MachineFacts machine, String command, boolean tinyScale, List<ScenarioRun> runs,
    Function<String, String> prose) {

  String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Written by the benchmarks command on ").append(when).append(". Do not edit it by hand: the prose of"
        + " each section is in `load-tests/src/main/resources/benchmarks/`, the scenarios and their parameters in"
        + " `BenchmarkScenario`; run the command again to bring the figures up to date.\n\n");
    if (tinyScale) {
      md.append("**Every scenario ran at its tiny size** (`scale=tiny`): this shows that the report is written,"
          + " not what the server can do. Do not quote these figures.\n\n");
    }
    md.append("Each scenario ran in a JVM of its own, one after another, with the server in-process and"
        + " PostgreSQL on the same machine; the figures are of this machine on this day.\n\n");
    machine(md);
    md.append("## Command\n\nFrom the repository root:\n\n```sh\n").append(command).append("\n```\n\n");
    md.append("## Summary\n\n");
    targets(md);
    headlines(md);
    runsTable(md);
    for (ScenarioRun run : runs) {
      section(md, run);
    }
    return md.toString();
  }

  private void machine(StringBuilder md) {
    md.append("## Machine\n\n| what | value |\n|---|---|\n");
    md.append("| CPU | ").append(machine.cpu()).append(", shared by the server, the simulated phones and"
        + " PostgreSQL |\n");
    md.append("| memory | ").append(machine.memory()).append(" |\n");
    md.append("| kernel | Linux ").append(machine.kernel()).append(" |\n");
    md.append("| Java | ").append(machine.java()).append(" |\n");
    md.append("| PostgreSQL | ").append(database()).append(" |\n");
    md.append("| load average (1 min) before each scenario | ").append(runs.stream()
        .map(r -> r.scenario().id() + " " + r.loadAverage()).collect(Collectors.joining(", "))).append(" |\n\n");
  }

  /** The database line of the first scenario that wrote one, without the run's own database name. */
  private String database() {
    return runs.stream().filter(r -> r.findings() != null).map(r -> r.findings().facts().get("database"))
        .filter(d -> d != null).findFirst().orElse("unknown").replaceAll("/inspectsync_load_\\d+", "");
  }

  private void targets(StringBuilder md) {
    md.append("### Targets\n\n| scenario | target | limit | measured | result |\n|---|---|---|---|---|\n");
    for (ScenarioRun run : runs) {
      if (run.findings() == null) {
        md.append("| ").append(run.scenario().id()).append(" | every target | | | ").append(failure(run))
            .append(" |\n");
        continue;
      }
      for (Findings.Target t : run.findings().targets()) {
        md.append(targetRow(run.scenario().id(), t)).append('\n');
      }
      if (run.findings().errors() > 0 || run.exitCode() != 0) {
        md.append("| ").append(run.scenario().id()).append(" | no errors | 0 | ").append(run.findings().errors())
            .append(" | ").append(failure(run)).append(" |\n");
      }
    }
    md.append("\nWhere a target is missed, the scenario's section below says why and what would close it.\n\n");
  }

  static String targetRow(String scenario, Findings.Target t) {
    String limit = (t.atMost() ? "≤ " : "≥ ") + quantity(t.limit(), t.unit());
    return "| " + scenario + " | " + t.name() + " | " + limit + " | " + quantity(t.measured(), t.unit()) + " | "
        + result(t) + " |";
  }

  /** "met", "not measured", or how far past the limit and by what share of it. */
  static String result(Findings.Target t) {
    if (Double.isNaN(t.measured())) {
      return "not measured";
    }
    if (t.met()) {
      return "met";
    }
    return String.format(Locale.ROOT, "**missed** by %s (%.0f%% %s)", quantity(t.missedBy(), t.unit()),
        100 * t.missedByShare(), t.atMost() ? "over" : "short");
  }

  private void headlines(StringBuilder md) {
    md.append("### Headline figures\n\n| scenario | figure | value |\n|---|---|---|\n");
    for (ScenarioRun run : runs) {
      if (run.findings() == null) {
        continue;
      }
      Map<String, Findings.Figure> figures = run.findings().figures();
      for (String name : run.scenario().headlines()) {
        Findings.Figure f = figures.get(name);
        if (f != null) {
          md.append("| ").append(run.scenario().id()).append(" | ").append(f.label()).append(" | ")
              .append(quantity(f.value(), f.unit())).append(" |\n");
        }
      }
    }
    md.append('\n');
  }

  private void runsTable(StringBuilder md) {
    md.append("### Runs\n\n| scenario | result | wall time | load average before |\n|---|---|---|---|\n");
    for (ScenarioRun run : runs) {
      md.append("| [").append(run.scenario().id()).append("](#").append(anchor(run.scenario().title())).append(") | ")
          .append(run.ok() ? "ok" : failure(run)).append(" | ")
          .append(String.format(Locale.ROOT, "%.0f s", run.wall().toMillis() / 1000.0)).append(" | ")
          .append(run.loadAverage()).append(" |\n");
    }
    md.append('\n');
  }

  private void section(StringBuilder md, ScenarioRun run) {
    BenchmarkScenario s = run.scenario();
    md.append("## ").append(s.title()).append("\n\n");
    md.append(prose.apply(s.id()).strip()).append("\n\n");
    md.append("### Parameters\n\n`").append(s.mainClass()).append("` with ");
    md.append(run.parameters().isEmpty() ? "its defaults" : run.parameters().entrySet().stream()
        .map(e -> "`-D" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(" ")) + ", the rest"
        + " its defaults");
    md.append(String.format(Locale.ROOT, "; %s in %.0f s.%n%n", run.ok() ? "ok" : failure(run),
        run.wall().toMillis() / 1000.0));
    md.append("### What it printed\n\n```text\n").append(run.output().stripTrailing()).append("\n```\n\n");
  }

  private static String failure(ScenarioRun run) {
    if (run.exitCode() == -1) {
      return "**failed**: ended at its time limit";
    }
    if (run.findings() == null) {
      return "**failed**: exit " + run.exitCode() + ", no findings";
    }
    if (run.exitCode() != 0 || run.findings().errors() > 0) {
      return "**failed**: exit " + run.exitCode() + ", " + run.findings().errors() + " errors";
    }
    return "ok";
  }

  /** A value with its unit, to three significant figures or whole numbers; "n/a" when not measured. */
  static String quantity(double value, String unit) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double size = Math.abs(value);
    String number = size >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
        : size >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    return unit.equals("%") ? number + "%" : number + " " + unit;
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
  }
}
