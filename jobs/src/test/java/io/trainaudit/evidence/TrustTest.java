package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust file a regulator keeps, and whom it makes trusted. */
class TrustTest {
  @TempDir Path dir;

  @Test
  void aTrustFilePinsFingerprintsOnePerLineWithComments() throws Exception {
    KeyPair pinned = SigningKeys.create(dir.resolve("pinned.pem"));
    KeyPair other = SigningKeys.create(dir.resolve("other.pem"));
    String fingerprint = SigningKeys.fingerprint(pinned.getPublic());
    Path file = Files.writeString(dir.resolve("trusted-keys.txt"), "# Example Networks Ltd, received 2025-11-03\n\n  "
        + fingerprint.toUpperCase(Locale.ROOT).replace("SHA256:", "sha256:") + "  \n");
    Trust trust = Trust.of(null, file);
    assertEquals(Set.of(fingerprint), trust.pinned());
    assertEquals("pinned in " + file, trust.trusts(pinned.getPublic()));
    assertNull(trust.trusts(other.getPublic()));
    assertNull(Trust.none().trusts(pinned.getPublic()));

    Trust given = Trust.of(dir.resolve("other.pub.pem"), null);
    assertEquals("given with --public-key " + dir.resolve("other.pub.pem"), given.trusts(other.getPublic()));
    assertNull(given.trusts(pinned.getPublic()));
  }

  @Test
  void aLineThatIsNotAFingerprintIsRefusedNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("trusted-keys.txt"), "# keys\nsha256:abc\n");
    AuditException e = assertThrows(AuditException.class, () -> Trust.read(file));
    assertEquals("Cannot read the trust file " + file + ": line 2 is 'sha256:abc', expected sha256: and 64 hex digits",
        e.getMessage());
    assertEquals(ErrorCode.USAGE, e.code());
  }
}
