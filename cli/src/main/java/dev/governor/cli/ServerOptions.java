package dev.governor.cli;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the server is and how to authenticate, shared by every command that talks to one. */
final class ServerOptions {

  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--server", paramLabel = "URL",
      description = "Governor's base URL (default: env GOVERNOR_SERVER, else " + DEFAULT_SERVER + ").")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "API token for writes (default: env GOVERNOR_TOKEN).")
  String token;

  ApiClient client(GovernorCommand root) {
    String url = server != null ? server : root.env().getOrDefault("GOVERNOR_SERVER", DEFAULT_SERVER);
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
          "--server must be a URL such as " + DEFAULT_SERVER + ", got '" + url + "'");
    }
    if (uri.getScheme() == null || uri.getHost() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
          "--server must be an http(s) URL such as " + DEFAULT_SERVER + ", got '" + url + "'");
    }
    return new ApiClient(uri, Optional.ofNullable(token != null ? token : root.env().get("GOVERNOR_TOKEN")));
  }
}
