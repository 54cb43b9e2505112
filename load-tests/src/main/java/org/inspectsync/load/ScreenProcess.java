package org.inspectsync.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@link TallyScreens} JVM as {@link LiveTallies} drives it: started on this JVM's class path,
 * one command at a time, each with a time limit; its {@code error} lines are collected.
 */
final class ScreenProcess implements AutoCloseable {

  private final Process process;
  private final PrintStream commands;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  private ScreenProcess(Process process) {
    this.process = process;
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.startsWith("error ")) {
            errors.add("screens: " + line.substring(6));
          } else {
            replies.add(line);
          }
        }
      } catch (IOException e) {
        errors.add("screens: cannot read the screens' replies: " + e);
      }
      replies.add("exited");
    }, "screen-replies");
    reader.setDaemon(true);
    reader.start();
  }

  static ScreenProcess start(URI server, List<UUID> units, String token, boolean gzip, int connecting) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        TallyScreens.class.getName(), server.toString(),
        units.stream().map(UUID::toString).collect(Collectors.joining(",")));
    builder.environment().put(TallyScreens.TOKEN, token);
    builder.environment().put(TallyScreens.GZIP, Boolean.toString(gzip));
    builder.environment().put(TallyScreens.CONNECTING, Integer.toString(connecting));
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      return new ScreenProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the screens' JVM", e);
    }
  }

  /** Sends one command and returns its reply, or fails when none comes within {@code limit}. */
  String command(String command, Duration limit) throws InterruptedException {
    commands.println(command);
    String reply = replies.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (reply == null || reply.equals("exited")) {
      throw new IllegalStateException("the screens' JVM gave no answer to '" + command.split(" ")[0] + "' within "
          + limit.toSeconds() + " s" + (reply == null ? "" : " (it exited)"));
    }
    return reply;
  }

  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    commands.println("exit");
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
