package io.trainaudit.evidence;

import io.trainaudit.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * the public key as SubjectPublicKeyInfo ({@code PUBLIC KEY}) beside it. Only the JDK's own
 * provider is used. A key pair is created once, on request ({@link #create}); signing never creates one.
 */
public final class SigningKeys {
  public static final String ALGORITHM = "Ed25519";
  /** How a key's fingerprint starts: {@code sha256:} and the hex SHA-256 of its DER SubjectPublicKeyInfo. */
  public static final String FINGERPRINT_PREFIX = "sha256:";
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
   * Creates a new key pair: the private key owner-only from its first instant (see {@link SecretFiles}),
   * the public key beside it. Refuses if either file exists: a signing key is never replaced.
   */
  public static KeyPair create(Path privateKeyFile) {
    Path publicFile = publicKeyFile(privateKeyFile);
    for (Path existing : new Path[] {privateKeyFile, publicFile}) {
      if (Files.exists(existing)) {
        throw EvidenceErrors.keyFileExists(existing);
      }
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK 15 or later has " + ALGORITHM, e);
    }
    try {
      SecretFiles.create(privateKeyFile, pem(PRIVATE, pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      throw EvidenceErrors.keyFileExists(privateKeyFile);
    } catch (IOException e) {
      throw Errors.io("create the signing key " + privateKeyFile, e);
    }
    try {
      Files.writeString(publicFile, publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw Errors.io("write the public key " + publicFile, e);
    }
    return pair;
  }

  /**
   * The key pair of an existing private key file and the public key beside it, refused unless the
   * two belong together.
   *
   * @param configFile the configuration naming the key, for the error message; null if none
   */
  public static KeyPair load(Path privateKeyFile, Path configFile) {
    if (!Files.exists(privateKeyFile)) {
      throw EvidenceErrors.signingKeyMissing(privateKeyFile, configFile);
    }
    Path publicFile = publicKeyFile(privateKeyFile);
    if (!Files.exists(publicFile)) {
      throw EvidenceErrors.publicKeyMissing(privateKeyFile, publicFile);
    }
    PrivateKey privateKey;
    try {
      privateKey = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(readPem(privateKeyFile, PRIVATE)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw EvidenceErrors.notASigningKey(privateKeyFile, e);
    }
    PublicKey publicKey = readPublic(publicFile);
    byte[] probe = "trainaudit key pair check".getBytes(StandardCharsets.US_ASCII);
    if (!Dsse.verify(publicKey, Dsse.PAYLOAD_TYPE, probe, Dsse.sign(privateKey, Dsse.PAYLOAD_TYPE, probe))) {
      throw EvidenceErrors.keyPairMismatch(privateKeyFile, publicFile);
    }
    return new KeyPair(publicKey, privateKey);
  }

  /** Reads a SubjectPublicKeyInfo PEM file holding an Ed25519 public key. */
  public static PublicKey readPublic(Path file) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(readPem(file, PUBLIC)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw EvidenceErrors.notAPublicKey(file, e);
    }
  }

  /** An Ed25519 public key from SubjectPublicKeyInfo PEM text; IllegalArgumentException if it is not one. */
  public static PublicKey publicFromPem(String text) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decodePem(text, PUBLIC)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  public static String publicPem(PublicKey key) {
    return pem(PUBLIC, key.getEncoded());
  }

  /** The key id written in signatures: SHA-256 of the public key's DER encoding, as hex. */
  public static String keyId(PublicKey key) {
    return Digests.sha256(key.getEncoded());
  }

  /**
   * What a regulator pins: {@code sha256:} and the key id, the value of
   * {@code openssl pkey -pubin -in KEY.pem -outform DER | sha256sum}.
   */
  public static String fingerprint(PublicKey key) {
    return FINGERPRINT_PREFIX + keyId(key);
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
    return decodePem(text, type);
  }

  private static byte[] decodePem(String text, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("no " + begin + " block");
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }
}
