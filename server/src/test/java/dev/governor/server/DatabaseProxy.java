package dev.governor.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards a loopback port to PostgreSQL. {@link #hang}: every byte is swallowed and new
 * connections are accepted but never answered. {@link #die}: every connection is closed and new
 * ones refused. {@link #forward} and {@link #revive} bring the database back; the connections of
 * the outage stay broken, as they would after a restart of the database.
 */
final class DatabaseProxy implements AutoCloseable {
  private final InetSocketAddress upstream;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;
  private volatile boolean hanging;

  DatabaseProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.listener = listen(0);
    this.port = listener.getLocalPort();
  }

  int port() {
    return port;
  }

  void hang() {
    hanging = true;
  }

  void forward() {
    hanging = false;
    closeConnections();
  }

  void die() throws IOException {
    listener.close();
    closeConnections();
  }

  void revive() throws IOException {
    listener = listen(port);
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeConnections();
  }

  private ServerSocket listen(int onPort) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
    Thread.ofVirtual().start(() -> accept(socket));
    return socket;
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        sockets.add(client);
        if (hanging) {
          Thread.ofVirtual().start(() -> pump(client, null));
          continue;
        }
        Socket server = new Socket(upstream.getAddress(), upstream.getPort());
        sockets.add(server);
        Thread.ofVirtual().start(() -> pump(client, server));
        Thread.ofVirtual().start(() -> pump(server, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Copies {@code from} to {@code to} while forwarding, swallows it while hanging. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (from) {
      InputStream in = from.getInputStream();
      OutputStream out = to == null ? null : to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (hanging || out == null) continue;
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side went away, or the proxy closed it
    } finally {
      if (to != null && !hanging) {
        try {
          to.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  private void closeConnections() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      sockets.remove(socket);
    }
  }
}
