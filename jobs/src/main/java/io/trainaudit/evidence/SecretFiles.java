package io.trainaudit.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold secrets (the signing key, a pseudonym key): readable by their owner only from the
 * instant they exist, complete or absent, and never written over. The content goes to a temporary
 * file in the same folder, created with mode 0600, synced, then published under its name by a hard
 * link, which fails if the name exists (a rename would silently replace it).
 */
final class SecretFiles {
  private SecretFiles() {}

  /**
   * Creates {@code file} with {@code content}, owner-only.
   *
   * @throws FileAlreadyExistsException if the file exists, whatever it holds
   */
  static void create(Path file, byte[] content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (!Files.isDirectory(dir)) {
      createOwnerOnlyDirectories(dir);
    }
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(absolute.toString());
    }
    Path temporary = createOwnerOnlyTemporary(dir, absolute.getFileName().toString());
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.createLink(absolute, temporary);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // No hard links here (some network or Windows file systems): a move that refuses an existing name.
        Files.move(temporary, absolute);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static Path createOwnerOnlyTemporary(Path dir, String name) throws IOException {
    try {
      return Files.createTempFile(dir, "." + name + ".", ".tmp", ownerOnly("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own protection applies.
      return Files.createTempFile(dir, "." + name + ".", ".tmp");
    }
  }

  private static void createOwnerOnlyDirectories(Path dir) throws IOException {
    try {
      Files.createDirectories(dir, ownerOnly("rwx------"));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }

  private static FileAttribute<?> ownerOnly(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }
}
