package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionCheckTest {
  @Test
  void readsDeltaIntervals() {
    assertEquals(OptionalLong.of(30), RetentionCheck.days("interval 30 days"));
    assertEquals(OptionalLong.of(7), RetentionCheck.days("interval 1 week"));
    assertEquals(OptionalLong.of(2555), RetentionCheck.days("2555 days"));
    assertEquals(OptionalLong.of(1), RetentionCheck.days("interval 36 hours"));
    assertEquals(OptionalLong.empty(), RetentionCheck.days("forever"));
  }

  @Test
  void warnsForEveryTableWhoseRetentionIsShorterThanThePolicy(@TempDir Path dir) {
    new InputFixture().write(TestSpark.session(), dir.resolve("data"));
    TestSpark.session().sql("ALTER TABLE delta.`" + dir.resolve("data/members") + "` SET TBLPROPERTIES ("
        + "delta.logRetentionDuration = 'interval 3650 days', delta.deletedFileRetentionDuration = 'interval 3650 days')");
    var config = ConfigLoader.defaults(dir);
    OutputTables.ensure(TestSpark.session(), config.output().findings(), FindingsStore.SCHEMA);
    List<String> warnings = RetentionCheck.warnings(TestSpark.session(), config);
    assertEquals(12, warnings.size());
    assertEquals("table output findings keeps old versions 7 days (delta.deletedFileRetentionDuration = interval 1"
        + " week, the Delta default) but policy.evidence_retention_days is 2555: runs older than that cannot be"
        + " reproduced; set delta.deletedFileRetentionDuration = 'interval 2555 days'", warnings.get(11));
    assertEquals("table training_snapshots keeps old versions 30 days (delta.logRetentionDuration = interval 30 days,"
        + " the Delta default) but policy.evidence_retention_days is 2555: runs older than that cannot be reproduced;"
        + " set delta.logRetentionDuration = 'interval 2555 days'", warnings.get(0));
  }
}
