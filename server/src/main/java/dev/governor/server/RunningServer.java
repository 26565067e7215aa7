package dev.governor.server;

import java.net.URI;

/** A Governor serving requests: one process on its own, or one replica of a cluster. */
public interface RunningServer extends AutoCloseable {

  /** The port the API listens on; the one picked when the config said 0. */
  int port();

  /** The address and port the server is bound to, for a person to read. */
  String listening();

  /** An address to connect to it at. */
  URI baseUri();

  /** Stops serving and lets go of everything: the server, the database, a cluster's lease. */
  @Override
  void close();
}
