package dev.governor.server.notify;

import dev.governor.notify.Channel;
import dev.governor.notify.Notification;

/** Sends each notification the way its channel asks for. */
final class ChannelSenders implements Sender {

  private final HttpSender http;
  private final EmailSender email;

  ChannelSenders(HttpSender http, EmailSender email) {
    this.http = http;
    this.email = email;
  }

  @Override
  public Attempt send(Notification notification) {
    return switch (notification.channel()) {
      case Channel.Webhook webhook -> http.webhook(webhook, notification);
      case Channel.Slack slack -> http.slack(slack, notification);
      case Channel.Email address -> email.send(address, notification);
    };
  }
}
