package dev.governor.cli;

import tools.jackson.databind.JsonNode;

/** The status and parsed body of one API call. */
record ApiResponse(int status, JsonNode body) {

  boolean ok() {
    return status >= 200 && status < 300;
  }

  /** 4xx: the server understood and said no; the command's answer is "no" (exit 1). */
  boolean refused() {
    return status >= 400 && status < 500;
  }
}
