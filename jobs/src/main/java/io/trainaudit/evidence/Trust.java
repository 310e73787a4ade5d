package io.trainaudit.evidence;

import io.trainaudit.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whom {@code verify} trusts as the signer of a package: the key given with {@code --public-key},
 * or any key whose fingerprint the regulator pinned in a trust file ({@code --trust}). A package's
 * own {@code public-key.pem} is never trusted for being there: whoever forged the package wrote it.
 *
 * <p>A trust file is plain text, one fingerprint per line ({@code sha256:} and the 64 hex digits of
 * the SHA-256 of the key's DER SubjectPublicKeyInfo); blank lines and lines starting with {@code #}
 * are ignored.
 *
 * @param publicKeyFile the key given with --public-key, or null
 * @param publicKey that key, or null
 * @param trustFile the trust file, or null
 * @param pinned the fingerprints the trust file pins, lowercase
 */
public record Trust(Path publicKeyFile, PublicKey publicKey, Path trustFile, Set<String> pinned) {
  private static final Pattern FINGERPRINT = Pattern.compile(Pattern.quote(SigningKeys.FINGERPRINT_PREFIX) + "[0-9a-f]{64}");

  public Trust {
    pinned = java.util.Collections.unmodifiableSet(new TreeSet<>(pinned));
    if ((publicKeyFile == null) != (publicKey == null)) {
      throw new IllegalArgumentException("a given public key needs its file, and a file its key");
    }
  }

  /** Nothing trusted: a package can then at best be intact. */
  public static Trust none() {
    return new Trust(null, null, null, Set.of());
  }

  /** The trust of the command line's options; either may be null. */
  public static Trust of(Path publicKeyFile, Path trustFile) {
    PublicKey key = publicKeyFile == null ? null : SigningKeys.readPublic(publicKeyFile);
    return new Trust(publicKeyFile, key, trustFile, trustFile == null ? Set.of() : read(trustFile));
  }

  /** The fingerprints a trust file pins. */
  public static Set<String> read(Path trustFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(trustFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.io("read the trust file " + trustFile, e);
    }
    Set<String> pinned = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String fingerprint = line.toLowerCase(Locale.ROOT);
      if (!FINGERPRINT.matcher(fingerprint).matches()) {
        throw EvidenceErrors.trustFileLine(trustFile, i + 1, line);
      }
      pinned.add(fingerprint);
    }
    return pinned;
  }

  /**
   * How the signer of a package, whose signature verified with {@code signer}, is trusted; null if it is not.
   */
  public String trusts(PublicKey signer) {
    if (publicKey != null && java.util.Arrays.equals(publicKey.getEncoded(), signer.getEncoded())) {
      return "given with --public-key " + publicKeyFile;
    }
    if (pinned.contains(SigningKeys.fingerprint(signer))) {
      return "pinned in " + trustFile;
    }
    return null;
  }
}
