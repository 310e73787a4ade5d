package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.cli.AuditCli;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -spark.jar} that {@code mvn package} builds for spark-submit: the auditor and its
 * libraries, with those a cluster may also carry relocated, and neither Spark, Delta nor Jackson,
 * which the cluster provides.
 */
class SparkJarTest {
  @TempDir Path dir;

  @Test
  void theJarHoldsTheAuditorAndItsRelocatedLibrariesButNotTheClustersOwn() throws IOException, URISyntaxException {
    try (JarFile jar = new JarFile(sparkJar().toFile())) {
      assertEquals(AuditCli.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
      TreeSet<String> packages = jar.stream().map(e -> e.getName())
          .filter(name -> name.endsWith(".class"))
          .map(SparkJarTest::topPackage)
          .collect(Collectors.toCollection(TreeSet::new));
      // No org.apache.spark, io.delta, com.fasterxml.jackson, org.yaml or org.apache.pdfbox: provided or relocated.
      assertEquals(new TreeSet<>(List.of("com.openhtmltopdf", "de.rototor", "io.trainaudit", "picocli")), packages);
      TreeSet<String> shaded = jar.stream().map(e -> e.getName())
          .filter(name -> name.startsWith("io/trainaudit/shaded/") && name.endsWith(".class"))
          .map(name -> name.split("/")[3])
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(List.of("commons", "fontbox", "pdfbox", "snakeyaml", "xmpbox")), shaded);
    }
  }

  @Test
  void theJarRunsOnAClassPathOfSparkAndDeltaAlone() throws Exception {
    // What a cluster provides: the test class path without the auditor and the libraries the jar bundles.
    String cluster = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("trainaudit") && !entry.contains("snakeyaml") && !entry.contains("pdfbox")
            && !entry.contains("openhtmltopdf") && !entry.contains("picocli") && !entry.contains("commons-logging"))
        .collect(Collectors.joining(File.pathSeparator));
    Path config = Files.writeString(dir.resolve("audit.yaml"), "policy:\n  minimum_age: eighteen\n");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", cluster + File.pathSeparator + sparkJar(), AuditCli.class.getName(), "run", "--config", config.toString());
    Process audit = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(audit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(audit.waitFor(60, TimeUnit.SECONDS));
    // The configuration is read by the relocated SnakeYAML and rejected before Spark starts.
    assertEquals(3, audit.exitValue(), output);
    assertTrue(output.contains("policy.minimum_age"), output);
  }

  /** {@code a.b} of the class file {@code a/b/c/D.class}; {@code a} of {@code a/D.class}. */
  private static String topPackage(String classFile) {
    String[] parts = classFile.split("/");
    return parts.length > 2 ? parts[0] + "." + parts[1] : parts[0];
  }

  /** The -spark.jar beside the jobs jar this test runs against (target/ in a build, the local repository after install). */
  private static Path sparkJar() throws URISyntaxException, IOException {
    Path jobs = Path.of(AuditCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> jars;
    try (var siblings = Files.list(jobs.getParent())) {
      jars = siblings.filter(p -> p.getFileName().toString().matches("trainaudit-jobs-.+-spark\\.jar")).toList();
    }
    assertEquals(1, jars.size(), "-spark.jar files beside " + jobs + ": " + jars + "; run mvn package first");
    return jars.get(0);
  }
}
