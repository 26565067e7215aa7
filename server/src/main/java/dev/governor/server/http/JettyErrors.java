package dev.governor.server.http;

import dev.governor.text.Quoted;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before any route runs: a path with {@code %00}, {@code %ff} or an
 * ambiguous segment, a request line it cannot parse. Its own error page is HTML; every other error
 * of the API is an RFC 9457 problem, so these are too. The detail is Jetty's reason, bounded.
 */
public final class JettyErrors extends ErrorHandler {

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(problem(code, message, request.getHttpURI().getPath())), callback);
  }

  /** Requests Jetty cannot even parse get their answer from here, without a request object. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE));
    return ByteBuffer.wrap(problem(status, reason, null));
  }

  private static byte[] problem(int code, String message, String instance) {
    String title = HttpStatus.getMessage(code);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", code == 400 ? "/problems/bad-request" : "about:blank");
    body.put("title", title);
    body.put("status", code);
    body.put("detail", "the server refused the request before reading it: "
        + (message == null || message.isBlank() ? title : Quoted.bounded(message))
        + (code == 400 ? "; encode the path as RFC 3986 says, without control characters or invalid UTF-8" : ""));
    if (instance != null) body.put("instance", Quoted.bounded(instance));
    return Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
  }
}
