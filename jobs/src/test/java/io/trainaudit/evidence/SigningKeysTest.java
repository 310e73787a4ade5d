package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing key: created once, owner-only from its first instant, never replaced, never created silently. */
class SigningKeysTest {
  @TempDir Path dir;

  @Test
  void createWritesAnOwnerOnlyPrivateKeyAndItsPublicKeyAndLeavesNothingElse() throws Exception {
    Path key = dir.resolve("keys/evidence-signing-key.pem");
    KeyPair pair = SigningKeys.create(key);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
    try (Stream<Path> files = Files.list(key.getParent())) {
      assertEquals(List.of("evidence-signing-key.pem", "evidence-signing-key.pub.pem"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    KeyPair loaded = SigningKeys.load(key, dir.resolve("audit.yaml"));
    assertArrayEquals(pair.getPublic().getEncoded(), loaded.getPublic().getEncoded());
    assertArrayEquals(pair.getPrivate().getEncoded(), loaded.getPrivate().getEncoded());
    assertEquals("sha256:" + Digests.sha256(pair.getPublic().getEncoded()), SigningKeys.fingerprint(pair.getPublic()));
  }

  @Test
  void anExistingKeyIsNeverReplaced() throws Exception {
    Path key = dir.resolve("sign.pem");
    SigningKeys.create(key);
    String before = Files.readString(key);
    AuditException e = assertThrows(AuditException.class, () -> SigningKeys.create(key));
    assertEquals("Cannot create the signing key: " + key + " already exists, and a signing key is never overwritten",
        e.getMessage());
    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(before, Files.readString(key));

    Path lonePublic = dir.resolve("lone.pub.pem");
    Files.writeString(lonePublic, "kept\n");
    AuditException pub = assertThrows(AuditException.class, () -> SigningKeys.create(dir.resolve("lone.pem")));
    assertEquals("Cannot create the signing key: " + lonePublic
        + " already exists, and a signing key is never overwritten", pub.getMessage());
    assertEquals(false, Files.exists(dir.resolve("lone.pem")));
  }

  @Test
  void aMissingKeyIsAnErrorNamingKeysInit() {
    Path key = dir.resolve("keys/absent.pem");
    AuditException e = assertThrows(AuditException.class, () -> SigningKeys.load(key, dir.resolve("audit.yaml")));
    assertEquals("Cannot sign evidence: the signing key " + key + " (export.signing_key) does not exist; create it"
        + " once with bin/audit keys init --config " + dir.resolve("audit.yaml"), e.getMessage());
    assertEquals(ErrorCode.CONFIG, e.code());
    assertEquals(false, Files.exists(key.getParent()), "nothing is created");
  }

  @Test
  void aPublicKeyOfAnotherPairIsRefused() throws Exception {
    Path key = dir.resolve("sign.pem");
    SigningKeys.create(key);
    KeyPair other = SigningKeys.create(dir.resolve("other.pem"));
    Files.writeString(dir.resolve("sign.pub.pem"), SigningKeys.publicPem(other.getPublic()));
    AuditException e = assertThrows(AuditException.class, () -> SigningKeys.load(key, null));
    assertEquals("Cannot sign evidence: the public key " + dir.resolve("sign.pub.pem")
        + " does not match the signing key " + key, e.getMessage());
    assertEquals(ErrorCode.CONFIG, e.code());

    Files.delete(dir.resolve("sign.pub.pem"));
    AuditException missing = assertThrows(AuditException.class, () -> SigningKeys.load(key, null));
    assertEquals("Cannot sign evidence: the signing key " + key + " has no public key beside it ("
        + dir.resolve("sign.pub.pem") + ")", missing.getMessage());
  }

  @Test
  void aSecretFileIsCreatedOwnerOnlyAndNeverOverwritten() throws Exception {
    Path file = dir.resolve("pseudonym.hex");
    SecretFiles.create(file, "abc\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("abc\n", Files.readString(file));
    assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> SecretFiles.create(file, "other\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals("abc\n", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("pseudonym.hex"), files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
