package io.trainaudit.evidence;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys as PEM files that OpenSSL reads: the private key as PKCS#8 ({@code PRIVATE KEY}),
 * the public key as SubjectPublicKeyInfo ({@code PUBLIC KEY}). Only the JDK's own provider is used.
 */
public final class SigningKeys {
  public static final String ALGORITHM = "Ed25519";
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private SigningKeys() {}

  /** The public key file written beside a private key file: {@code NAME.pem} gives {@code NAME.pub.pem}. */
  public static Path publicKeyFile(Path privateKeyFile) {
    String name = privateKeyFile.getFileName().toString();
    String base = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
    return privateKeyFile.resolveSibling(base + ".pub.pem");
  }

  /**
   * The key pair of a private key file. A missing file is generated (readable by its owner only)
   * with its public key beside it; an existing one is read, and its public key file rewritten if absent.
   */
  public static KeyPair loadOrCreate(Path privateKeyFile) {
    try {
      if (!Files.exists(privateKeyFile)) {
        KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
        Files.writeString(privateKeyFile, pem(PRIVATE, pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        restrictToOwner(privateKeyFile);
        Files.writeString(publicKeyFile(privateKeyFile), publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
        return pair;
      }
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(readPem(privateKeyFile, PRIVATE)));
      Path publicFile = publicKeyFile(privateKeyFile);
      if (!Files.exists(publicFile)) {
        throw new AuditException(ErrorCode.CONFIG, "Cannot sign evidence: the signing key " + privateKeyFile
            + " has no public key beside it (" + publicFile + ")");
      }
      return new KeyPair(readPublic(publicFile), privateKey);
    } catch (IOException e) {
      throw Errors.io("read or create the signing key " + privateKeyFile, e);
    } catch (GeneralSecurityException e) {
      throw new AuditException(ErrorCode.CONFIG, "Cannot read the signing key " + privateKeyFile
          + ": not an Ed25519 private key in PKCS#8 PEM (" + e.getMessage() + ")", e);
    }
  }

  /** Reads a SubjectPublicKeyInfo PEM file holding an Ed25519 public key. */
  public static PublicKey readPublic(Path file) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(readPem(file, PUBLIC)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new AuditException(ErrorCode.USAGE, "Cannot read the public key " + file
          + ": not an Ed25519 public key in PEM (" + e.getMessage() + ")", e);
    }
  }

  public static String publicPem(PublicKey key) {
    return pem(PUBLIC, key.getEncoded());
  }

  /** The key id written in signatures: SHA-256 of the public key's DER encoding, as hex. */
  public static String keyId(PublicKey key) {
    return Digests.sha256(key.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[] readPem(Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw Errors.io("read the key file " + file, e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("no " + begin + " block");
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own protection applies.
    }
  }
}
