package io.trainaudit.bench;

import java.util.Map;

/**
 * How the harness runs a phase: each in a JVM of its own, to measure it cold with its own peak
 * memory ({@link ChildPhase}), or all in this JVM on its session, to check the harness and the
 * findings' agreement quickly ({@link InProcessPhase}; its times are warm, so not comparable).
 */
@FunctionalInterface
interface PhaseRunner {
  PhaseResult run(Phases phase, String name, Map<String, String> values);
}
