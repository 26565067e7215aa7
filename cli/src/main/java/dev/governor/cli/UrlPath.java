package dev.governor.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encodes user input placed in a URL, so a stray '/' or '?' in a name cannot change the request. */
final class UrlPath {

  private UrlPath() {}

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
