package dev.governor.cli;

import dev.governor.server.RunningServer;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps the main thread alive while the server runs and closes it on SIGTERM or ctrl-C. The close
 * happens in a shutdown hook because that is the only code the JVM runs on SIGTERM; it stops
 * {@code beforeClose} first (the demo's traffic) so nothing writes to a closing store.
 */
final class ServerLifetime {

  private ServerLifetime() {}

  static void runUntilShutdown(RunningServer server, Runnable beforeClose) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        beforeClose.run();
        server.close();
        System.err.println("governor: stopped");
      } finally {
        closed.countDown();
      }
    }, "governor-shutdown"));
    closed.await();
  }
}
