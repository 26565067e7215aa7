package dev.governor.server.notify;

import dev.governor.notify.Channel;
import dev.governor.notify.Notification;
import dev.governor.server.config.ServerConfig;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Date;
import java.util.Properties;

/**
 * Sends email notifications through the configured SMTP server, one connection per email. The
 * server accepting the mail acknowledges it; what happens after that (a bounce) is the mail
 * system's. Each email's Message-ID is derived from the idempotency key, so a retry after a lost
 * acknowledgement carries the same id and mail clients that see both show one.
 */
final class EmailSender {

  static final String IDEMPOTENCY_HEADER = "X-Governor-Idempotency-Key";

  private final ServerConfig.Smtp smtp;
  private final InstantSource clock;
  private final Session session;

  EmailSender(ServerConfig.Smtp smtp, Duration connectTimeout, Duration timeout, InstantSource clock) {
    this.smtp = smtp;
    this.clock = clock;
    Properties properties = new Properties();
    properties.put("mail.smtp.host", smtp.host());
    properties.put("mail.smtp.port", Integer.toString(smtp.port()));
    properties.put("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
    properties.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
    properties.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
    properties.put("mail.smtp.auth", Boolean.toString(!smtp.username().isEmpty()));
    // required, not merely enabled: a server that offers no STARTTLS gets nothing, rather than the
    // password and the mail in clear. And the certificate must name the host, which Angus does not
    // check by default.
    properties.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
    properties.put("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
    properties.put("mail.smtp.ssl.checkserveridentity", "true");
    this.session = Session.getInstance(properties);
  }

  boolean configured() {
    return smtp.configured();
  }

  Attempt send(Channel.Email channel, Notification n) {
    if (!smtp.configured()) {
      return new Attempt.Failed("no SMTP server is configured; set notifications.smtp.host", true);
    }
    try {
      InternetAddress from = new InternetAddress(smtp.from(), true);
      String domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
      MimeMessage message = new KeyedMessage(session, MessageRendering.messageId(n.key(), domain));
      message.setFrom(from);
      message.setRecipient(RecipientType.TO, new InternetAddress(channel.address(), true));
      message.setSubject(n.message().subject(), StandardCharsets.UTF_8.name());
      message.setText(MessageRendering.emailText(n), StandardCharsets.UTF_8.name());
      message.setSentDate(Date.from(clock.instant()));
      // RFC 3834: mail from a machine; auto-responders (out of office) do not answer it.
      message.setHeader("Auto-Submitted", "auto-generated");
      message.setHeader(IDEMPOTENCY_HEADER, n.key().value());
      message.setHeader(HttpSender.EVENT_HEADER, n.message().event());
      if (smtp.username().isEmpty()) Transport.send(message);
      else Transport.send(message, smtp.username(), smtp.password());
      return new Attempt.Acknowledged("accepted by " + smtp.host() + ":" + smtp.port());
    } catch (AddressException e) {
      return new Attempt.Failed("not an address Jakarta Mail can send to: " + e.getMessage(), false);
    } catch (SendFailedException e) {
      // The server refused this recipient (or sender); the next email may well go through.
      return new Attempt.Failed("the SMTP server refused it: " + causes(e), false);
    } catch (MessagingException e) {
      // Connecting, TLS, authentication: every other email would fail the same way.
      return new Attempt.Failed("SMTP " + smtp.host() + ":" + smtp.port() + ": " + causes(e), true);
    }
  }

  private static String causes(Throwable e) {
    StringBuilder line = new StringBuilder(String.valueOf(e.getMessage()).strip());
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      if (c.getMessage() != null && !line.toString().contains(c.getMessage())) line.append(": ").append(c.getMessage().strip());
    }
    return line.toString().replaceAll("\\s+", " ");
  }

  /** A MimeMessage that keeps the Message-ID it was given instead of making a new one when sent. */
  private static final class KeyedMessage extends MimeMessage {
    private final String messageId;

    KeyedMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
