package io.trainaudit.cli;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.member.MemberStatement;
import io.trainaudit.member.MemberStatementJob;
import io.trainaudit.member.StatementFiles;
import io.trainaudit.spark.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit member}: a statement for one member, for an access or objection request or a regulator's question. */
@Command(
    name = "member",
    mixinStandardHelpOptions = true,
    description = "Write a statement for one member, as statement.json, statement.html and statement.pdf: a one-line"
        + " answer first, then their consent history per channel, each of their records used in each snapshot (age"
        + " and region at capture, findings) and the model versions trained on them. Reads only that member's rows."
        + " Exit 2 when no table holds the member (or no open finding the pseudonym).")
public final class MemberCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The audit configuration (YAML).")
  Path config;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Who who;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder to write the statement into (default:"
      + " <output.reports>/members/<first 16 hex digits of the SHA-256 of the member id>).")
  Path out;

  /** The member, by id or by the pseudonym an export gave them. */
  static final class Who {
    @Option(names = "--member-id", required = true, paramLabel = "ID", description = "The member's id.")
    String memberId;

    @ArgGroup(exclusive = false)
    Pseudonym pseudonym;
  }

  /** A pseudonym of a confidential export's findings.csv and the key it was drawn with. */
  static final class Pseudonym {
    @Option(names = "--pseudonym", required = true, paramLabel = "P",
        description = "The member's pseudonym in a confidential export's findings.csv.")
    String pseudonym;

    @Option(names = "--pseudonym-key", required = true, paramLabel = "FILE",
        description = "The pseudonym key file of that export (export.pseudonym_key_file or --pseudonym-key-out).")
    Path keyFile;
  }

  @Override
  public Integer call() {
    AuditConfig loaded = ConfigLoader.load(config);
    MemberStatementJob job = new MemberStatementJob(SparkSessions.create(loaded.spark(), "trainaudit member"), loaded);
    String memberId = who.memberId != null ? who.memberId
        : job.memberOfPseudonym(who.pseudonym.pseudonym, who.pseudonym.keyFile);
    String askedAs = who.memberId != null ? "member_id" : "pseudonym " + who.pseudonym.pseudonym;
    MemberStatement statement = job.statement(memberId, askedAs);
    Path dir = out != null ? out : loaded.output().reports().resolve("members").resolve(folderOf(memberId));
    StatementFiles.Written written = StatementFiles.write(statement, dir);
    System.out.println(statement.answer());
    System.out.println("  json: " + written.json());
    System.out.println("  html: " + written.html());
    System.out.println("  pdf:  " + written.pdf());
    return 0;
  }

  /** A folder name that holds no character of the member id: ids may hold any. */
  static String folderOf(String memberId) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(memberId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
