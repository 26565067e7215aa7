package dev.governor.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Governor server in a process of its own, for the tests that kill it with SIGKILL and start it
 * again on the same data directory: the JVM of the test, the test's class path, stderr appended to
 * {@code server.log} in the data directory.
 */
final class ServerProcess {

  private ServerProcess() {}

  static Process start(Path dataDir, Map<String, String> environment) throws IOException {
    return start(dataDir, environment, List.of());
  }

  /** With more flags, which win over the defaults ({@code --port 0}) as later flags do. */
  static Process start(Path dataDir, Map<String, String> environment, List<String> flags) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java,
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        GovernorServer.class.getName(),
        "--bind", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
    command.addAll(flags);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** The server prints its address on stdout once it answers; the rest of stdout is drained. */
  static URI awaitListening(Process process) throws Exception {
    return awaitListening(process, null);
  }

  /** As {@link #awaitListening(Process)}, appending what the server prints to {@code log} (its logger writes there). */
  static URI awaitListening(Process process, Path log) throws Exception {
    CompletableFuture<URI> address = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          java.io.Writer copy = log == null ? java.io.Writer.nullWriter()
              : java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                  java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("governor listening on ")) {
            address.complete(URI.create(line.substring("governor listening on ".length()).trim()));
          }
          copy.write(line);
          copy.write('\n');
          copy.flush();
        }
      } catch (IOException e) {
        address.completeExceptionally(e);
      }
      address.completeExceptionally(new IllegalStateException("the server exited before it listened"));
    });
    return address.get(20, TimeUnit.SECONDS);
  }
}
