package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher, bin/audit, when it cannot build the auditor: a failure code, never the verdict 1. */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("..", "bin", "audit").toAbsolutePath().normalize();

  @Test
  void aFailedBuildExitsThirteenNotOne(@TempDir Path dir) throws Exception {
    // A checkout whose sources are newer than any jar, on a machine whose Maven fails.
    Path root = Files.createDirectories(dir.resolve("checkout"));
    Files.createDirectories(root.resolve("bin"));
    Files.copy(LAUNCHER, root.resolve("bin/audit"));
    Files.createDirectories(root.resolve("jobs/src/main/java"));
    Files.writeString(root.resolve("jobs/pom.xml"), "<project/>");
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Path tools = Files.createDirectories(dir.resolve("tools"));
    Path mvn = Files.writeString(tools.resolve("mvn"), "#!/bin/sh\necho 'BUILD FAILURE (simulated)' >&2\nexit 1\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

    ProcessBuilder launcher = new ProcessBuilder("bash", root.resolve("bin/audit").toString(), "run", "--config", "x");
    launcher.environment().put("PATH", tools + ":" + System.getenv("PATH"));
    launcher.redirectErrorStream(true);
    Process process = launcher.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertEquals(13, process.waitFor(), output);
    assertTrue(output.contains("BUILD FAILURE (simulated)"), output);
    assertTrue(output.endsWith("audit: Cannot build the auditor: Maven failed (output above); nothing was run\n"),
        output);
  }
}
