package io.trainaudit.cli;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.evidence.SigningKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit keys}: the evidence signing key. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage the Ed25519 key that signs evidence packages.",
    subcommands = {KeysCommand.Init.class})
public final class KeysCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: keys init");
  }

  /** {@code audit keys init}: create the signing key pair once. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Create the signing key at export.signing_key, readable by its owner only from the instant it"
          + " exists, and its public key beside it (.pub.pem). Refuses if either exists: a key is never replaced.")
  static final class Init implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The audit configuration (YAML).")
    Path config;

    @Override
    public Integer call() {
      AuditConfig loaded = ConfigLoader.load(config);
      Path key = loaded.export().signingKey();
      KeyPair pair = SigningKeys.create(key);
      System.out.println("CREATED signing key " + key + " (readable by its owner only)");
      System.out.println("  public key: " + SigningKeys.publicKeyFile(key));
      System.out.println("  fingerprint: " + SigningKeys.fingerprint(pair.getPublic()));
      System.out.println("  give the public key or its fingerprint to each authority through a channel other than"
          + " the packages; they pin it with verify --trust");
      return 0;
    }
  }
}
