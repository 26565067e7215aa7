package dev.governor.server.status;

import dev.governor.status.StatusEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status events as an Atom feed (RFC 4287) and a JSON Feed (1.1): what a feed reader or a chat
 * integration subscribes to. Entries are newest first and keep their ids, so a reader shows each once.
 */
final class StatusFeeds {

  private StatusFeeds() {}

  static String atom(String title, String pageUrl, List<StatusEvent> events, Instant updated) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        .append("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        .append("  <title>").append(escape(title)).append("</title>\n")
        .append("  <id>").append(escape(pageUrl)).append("</id>\n")
        .append("  <link href=\"").append(escape(pageUrl)).append("\"/>\n")
        .append("  <link rel=\"self\" href=\"").append(escape(pageUrl)).append("/feed.atom\"/>\n")
        .append("  <updated>").append(events.isEmpty() ? updated : events.getFirst().at()).append("</updated>\n");
    for (StatusEvent e : events) {
      xml.append("  <entry>\n")
          .append("    <id>").append(escape(pageUrl)).append("#event-").append(e.id()).append("</id>\n")
          .append("    <title>").append(escape(e.title())).append("</title>\n")
          .append("    <updated>").append(e.at()).append("</updated>\n")
          .append("    <link href=\"").append(escape(pageUrl)).append("\"/>\n")
          .append("    <category term=\"").append(escape(e.kind())).append("\"/>\n")
          .append("    <content type=\"text\">").append(escape(e.text())).append("</content>\n")
          .append("  </entry>\n");
    }
    return xml.append("</feed>\n").toString();
  }

  static Map<String, Object> json(String title, String pageUrl, List<StatusEvent> events) {
    Map<String, Object> feed = new LinkedHashMap<>();
    feed.put("version", "https://jsonfeed.org/version/1.1");
    feed.put("title", title);
    feed.put("home_page_url", pageUrl);
    feed.put("feed_url", pageUrl + "/feed.json");
    feed.put("items", events.stream().map(e -> {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", pageUrl + "#event-" + e.id());
      item.put("url", pageUrl);
      item.put("title", e.title());
      item.put("content_text", e.text());
      item.put("date_published", e.at().toString());
      item.put("tags", List.of(e.kind()));
      return item;
    }).toList());
    return feed;
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> {
          // XML 1.0 has no place for most control characters.
          if (c >= 0x20 || c == '\n' || c == '\t') out.append(c);
        }
      }
    }
    return out.toString();
  }
}
