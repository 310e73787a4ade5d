package io.trainaudit.rules;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * One training row as audited, with every fact as of its captured_at: what the rules read and
 * nothing else. Instants are microseconds since the epoch, UTC; a null says the fact is unknown.
 *
 * @param memberId the audited member: the record's owner when the record is known, else the snapshot's member
 * @param recordMemberId the record's owner; null when the record is unknown
 * @param createdAt when the record was collected; the capture instant for an unknown record
 * @param memberKnown whether the audited member is in the members table
 * @param visibilitySince since when the visibility in force at capture has held
 * @param contextId the group, page or event the record was posted in; null: none, or the record is unknown
 * @param sensitiveCategories the policy's special categories flagged on that context at capture,
 *     sorted; null when none is (or the run reads no sensitive_contexts table)
 * @param sensitiveSince since when the context has held exactly those categories
 * @param regionGroup the group of the member's country at capture, by the policy's region groups
 * @param generativeSettingSince since when the member is opted out on the settings toggle, at capture
 * @param objectionGenerativeSince since when the member objects to generative training, at capture
 * @param objectionNonGenerativeSince since when the member objects to non-generative training, at capture
 */
public record AuditFacts(
    String snapshotId,
    long capturedAt,
    String purpose,
    String recipient,
    String recordId,
    String memberId,
    String snapshotMemberId,
    String recordMemberId,
    boolean recordKnown,
    String recordType,
    long createdAt,
    Long deletedAt,
    boolean memberKnown,
    LocalDate birthDate,
    Long closedAt,
    String visibility,
    Long visibilitySince,
    String contextId,
    List<String> sensitiveCategories,
    Long sensitiveSince,
    String countryCode,
    String regionGroup,
    Long regionSince,
    Long generativeSettingSince,
    Long objectionGenerativeSince,
    Long objectionNonGenerativeSince) implements Serializable {
  private static final long serialVersionUID = 1L;

  public AuditFacts {
    sensitiveCategories = sensitiveCategories == null ? null : List.copyOf(sensitiveCategories);
  }
}
