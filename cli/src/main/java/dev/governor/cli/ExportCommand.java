package dev.governor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code governor export [DIR]}: the server's whole configuration as the YAML files it was applied
 * from, into a folder that {@code governor apply --prune DIR} reconciles the server to.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {
        "Write the server's configuration (OpenSLO documents, error-budget policies, on-call documents,",
        "capacity signals) as the YAML it was applied from, verbatim, into DIR: openslo.yaml, policies.yaml,",
        "oncall.yaml and capacity.yaml. Without DIR, print them as one YAML stream. An export of the same",
        "configuration is byte for byte the same, so DIR can live in git. Of DIR's files only those four",
        "are written (or removed, when the server has nothing of that kind). State is not configuration:",
        "incidents, deployments and history are in a backup (governor backup create)."
    })
final class ExportCommand extends ClientCommand {

  /** The files an export writes; no other file of the folder is touched. */
  static final List<String> FILES = List.of("openslo.yaml", "policies.yaml", "oncall.yaml", "capacity.yaml");

  @Parameters(arity = "0..1", paramLabel = "DIR", description = "The folder to write the files into.")
  Path dir;

  @Override
  public Integer call() {
    ApiResponse r = client().get("/api/v1/export");
    if (!r.ok()) return reportFailure(r);
    JsonNode files = r.body().path("files");
    if (dir == null) {
      StringBuilder stream = new StringBuilder();
      for (JsonNode file : files) {
        if (!stream.isEmpty()) stream.append("---\n");
        stream.append(file.path("content").asString());
      }
      out().print(stream);
      out().flush();
      return GovernorCommand.OK;
    }
    try {
      Files.createDirectories(dir);
      Set<String> written = new HashSet<>();
      for (JsonNode file : files) {
        String path = file.path("path").asString();
        if (!FILES.contains(path)) throw new CliFailure("the server's export names an unexpected file '" + path + "'");
        Files.writeString(dir.resolve(path), file.path("content").asString(), StandardCharsets.UTF_8);
        written.add(path);
      }
      for (String path : FILES) {
        if (!written.contains(path)) Files.deleteIfExists(dir.resolve(path));
      }
      out().println("exported " + r.body().path("documents").size() + " documents into " + dir + ": "
          + String.join(", ", FILES.stream().filter(written::contains).toList()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the export into " + dir + ": " + e.getMessage(), e);
    }
    out().flush();
    return GovernorCommand.OK;
  }
}
