package dev.governor.notify;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a notification goes: a person's contact method or a team's channel. Secrets are held as
 * given; whoever shows a channel redacts them.
 */
public sealed interface Channel {

  /** A short description without secrets: "webhook https://hooks.example.com/…", "email alice@example.com". */
  String describe();

  /** "webhook", "slack" or "email": the name of the kind in the API, the config and storage. */
  default String type() {
    return switch (this) {
      case Webhook w -> "webhook";
      case Slack s -> "slack";
      case Email e -> "email";
    };
  }

  /** A POST of JSON, signed with HMAC-SHA256 over the body when a secret is set. */
  record Webhook(URI url, Optional<String> secret) implements Channel {
    public Webhook {
      requireHttp(url, "webhook");
      if (secret.isPresent() && secret.get().isEmpty()) secret = Optional.empty();
    }

    @Override
    public String describe() {
      return "webhook " + url.getScheme() + "://" + url.getAuthority() + url.getPath();
    }
  }

  /** A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): a POST of {"text": …}. */
  record Slack(URI url) implements Channel {
    public Slack {
      requireHttp(url, "slack");
    }

    @Override
    public String describe() {
      // The path of a Slack webhook URL is its secret.
      return "slack " + url.getScheme() + "://" + url.getAuthority() + "/…";
    }
  }

  /** An email over the SMTP server of the configuration. */
  record Email(String address) implements Channel {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public Email {
      if (address == null || !ADDRESS.matcher(address).matches()) {
        throw new IllegalArgumentException("an email address looks like name@example.com, got '" + address + "'");
      }
    }

    @Override
    public String describe() {
      return "email " + address;
    }
  }

  private static void requireHttp(URI url, String kind) {
    if (url == null || url.getHost() == null
        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      throw new IllegalArgumentException("a " + kind + " channel needs an http:// or https:// URL, got '" + url + "'");
    }
  }
}
