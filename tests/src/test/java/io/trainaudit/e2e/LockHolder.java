package io.trainaudit.e2e;

import io.trainaudit.audit.RunLock;
import java.io.IOException;

/**
 * A separate process that holds the run lock of a staging directory until its standard input
 * closes: a stand-in for a long run in progress.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws IOException {
    try (RunLock lock = RunLock.acquire(args[0], "run-held-by-test").orElseThrow()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent closes our input
      }
    }
  }
}
