package dev.governor.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection, used by one thread: writes a request, reads the status line,
 * the headers and a {@code Content-Length} body, and keeps the socket for the next request.
 *
 * <p>Why a bench has its own: {@code java.net.http.HttpClient} hands every request to its selector
 * thread and back, which on two cores costs about as much CPU as the gate decision it measures, and
 * the clients share those cores with the server. A blocking socket per client thread is what a
 * pipeline's {@code curl} amounts to, and leaves the cores to the server under test.
 */
final class KeepAliveClient implements AutoCloseable {

  private final String host;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private byte[] body = new byte[8192];

  KeepAliveClient(URI base) throws IOException {
    host = base.getHost() + ":" + base.getPort();
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
    socket.setSoTimeout(30_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16_384);
  }

  /** Sends a GET (when {@code json} is null) or a POST of {@code json}, and returns the status. */
  int send(String path, String json) throws IOException {
    StringBuilder request = new StringBuilder(256).append(json == null ? "GET " : "POST ").append(path)
        .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
    byte[] payload = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    if (payload != null) {
      request.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
    }
    request.append("\r\n");
    out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
    if (payload != null) out.write(payload);
    out.flush();
    return readResponse();
  }

  private int readResponse() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ")) throw new IOException("not an HTTP/1.1 response: " + status);
    int code = Integer.parseInt(status.substring(9, 12));
    int length = -1;
    boolean chunked = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) continue;
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) length = Integer.parseInt(value);
      if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
    }
    if (chunked) {
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        skip(size);
        line();
      }
      line();
    } else if (length > 0) {
      skip(length);
    } else if (length < 0) {
      throw new IOException("a response without Content-Length or chunks cannot be kept alive");
    }
    return code;
  }

  private void skip(int length) throws IOException {
    if (body.length < length) body = new byte[length];
    int read = 0;
    while (read < length) {
      int n = in.read(body, read, length - read);
      if (n < 0) throw new IOException("the connection closed inside a body");
      read += n;
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("the connection closed inside a response");
      if (c != '\r') line.append((char) c);
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
