package io.trainaudit.audit;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.Errors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * Refuses a second run on the same outputs while one is in progress. The lock is an operating
 * system file lock in the staging directory, so a run killed at any point releases it with its
 * process. Object-store staging directories cannot hold such a lock: there the scheduler must not
 * overlap runs (docs/operations.md).
 */
public final class RunLock implements AutoCloseable {
  static final String FILE_NAME = ".run.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of a local staging directory, or nothing for a remote one. */
  public static Optional<RunLock> acquire(String stagingDir, String runId) {
    if (stagingDir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !stagingDir.startsWith("file:")) {
      return Optional.empty();
    }
    Path file = Path.of(stagingDir.replaceFirst("^file:", "")).resolve(FILE_NAME);
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new AuditException(ErrorCode.CONCURRENT_RUN, "Cannot start the audit: another run is in progress on"
            + " these outputs (" + (holder.isEmpty() ? "lock " + file : holder) + "); lock file " + file);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("run " + runId + " by process " + ProcessHandle.current().pid() + " since "
          + Instant.now()).getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return Optional.of(new RunLock(channel, lock));
    } catch (IOException e) {
      throw Errors.io("take the run lock " + file, e);
    }
  }

  /** The lock, or null when another process, or another run of this process, holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw Errors.io("release the run lock", e);
    }
  }
}
