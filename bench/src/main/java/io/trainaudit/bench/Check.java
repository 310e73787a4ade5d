package io.trainaudit.bench;

import java.util.Map;

/**
 * One correctness check of the run: the audit's findings against another engine's or the ground truth.
 *
 * @param name what was compared
 * @param passed whether both sides hold exactly the same findings
 * @param facts the comparison's counts and examples
 */
public record Check(String name, boolean passed, Map<String, Object> facts) {}
