package io.trainaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Member ids are keyed-hash prefixes: stable within a report, different across reports, never raw. */
class PseudonymsTest {
  static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) i;
    }
  }

  @Test
  void aPseudonymIsTheFirst12HexOfTheHmac() {
    Pseudonyms pseudonyms = Pseudonyms.withKey(KEY);
    assertEquals("86d05048fd0d", pseudonyms.member("member-raw-0001"));
    assertEquals("78dbec7d48b4", pseudonyms.member("member-raw-0002"));
    assertEquals("86d05048fd0d", pseudonyms.member("member-raw-0001"));
    assertEquals("(none)", pseudonyms.member(null));
  }

  @Test
  void eachReportDrawsItsOwnKey() {
    assertNotEquals(Pseudonyms.random().member("member-raw-0001"), Pseudonyms.random().member("member-raw-0001"));
  }

  @Test
  void rawShowsIdsAsRecorded() {
    assertEquals("member-raw-0001", Pseudonyms.raw().member("member-raw-0001"));
  }

  @Test
  void evidenceMemberIdsArePseudonymisedToo() {
    String evidence = "{\"snapshot_member_id\":\"member-raw-0001\",\"record_member_id\":\"member-raw-0002\","
        + "\"birth_date\":null,\"visibility\":\"private\"}";
    assertEquals(List.of("snapshot_member_id: 86d05048fd0d", "record_member_id: 78dbec7d48b4", "birth_date: none",
        "visibility: private"), HtmlReport.evidence(evidence, Pseudonyms.withKey(KEY)));
  }
}
