#!/usr/bin/env bash
# The benchmark: the audit against a bare scan, a naive Spark SQL job and DuckDB, on generated data.
#   bench/run.sh SCALE [--runs N] [--heap 4g]      SCALE: tiny, 1M, 10M or 100M training rows
# Data and logs go to bench/work/SCALE (kept: the data is generated once per scale); the figures
# to bench/results/SCALE.json and bench/RESULTS.md. Run it on a quiet machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/bench/target"
classpath="$target/classpath.txt"

if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: bench/run.sh SCALE [--runs N] [--heap 4g]   (SCALE: tiny, 1M, 10M or 100M)" >&2
  exit 2
fi

stale() {
  [[ ! -f "$classpath" ]] && return 0
  [[ -n "$(find "$root/bench/src/main" "$root/jobs/src/main" "$root/bench/pom.xml" "$root/jobs/pom.xml" \
      "$root/pom.xml" -newer "$classpath" -print -quit)" ]]
}

if stale; then
  echo "bench: building the auditor and the harness..." >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -pl bench -am -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile="$classpath" -Dmdep.includeScope=runtime) >&2
fi

mapfile -t jvm_options < <(grep -v '^\s*#' "$root/conf/jvm.options" | grep -v '^\s*$')
cd "$root"
exec java -Xmx1g "${jvm_options[@]}" -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$target/classes:$(cat "$classpath")" io.trainaudit.bench.BenchCli run \
  --work "$root/bench/work" --results-dir "$root/bench/results" --results-md "$root/bench/RESULTS.md" \
  --command "bench/run.sh" "$@"
