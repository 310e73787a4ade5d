package io.trainaudit.bench;

import java.util.Map;

/**
 * What one measured phase reports from its own JVM.
 *
 * @param phase the phase's name
 * @param seconds wall time of the work itself, from a started session to its last write
 * @param processSeconds wall time of the whole child JVM, start-up included
 * @param peakRssBytes the child process's peak resident memory ({@code VmHWM}), Spark or DuckDB included
 * @param facts what the phase counted (rows, findings, files), for the results file
 */
public record PhaseResult(String phase, double seconds, double processSeconds, long peakRssBytes,
    Map<String, Object> facts) {}
