#!/usr/bin/env bash
# Judge-accuracy benchmark: Postflight's judges and the reference judges on the same scenarios,
# in one run; prints false-rollback, detection, inconclusive rates and time to detect per judge,
# and writes each judge's verdicts (FORMAT.md lines) for score.py.
#
# usage: benchmarks/judge-accuracy.sh [SCENARIO_DIR] [OUT_DIR]
#   SCENARIO_DIR  folder of scenario files with its truth.jsonl (default: the shared development set
#                 ../shared/scenarios/dev when present, else benchmarks/scenarios/sample)
#   OUT_DIR       where verdict files go (default: benchmarks/target/judge-accuracy)
# Build first (Java 21+ on JAVA_HOME or PATH):  ./mvnw -DskipTests package
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
default_scenarios="$root/../shared/scenarios/dev"
[[ -d "$default_scenarios" ]] || default_scenarios="$root/benchmarks/scenarios/sample"
scenarios="${1:-$default_scenarios}"
[[ -d "$scenarios" ]] && scenarios="$(cd "$scenarios" && pwd)"
out="${2:-$root/benchmarks/target/judge-accuracy}"
app="$root/deploy/local/target/postflight.jar"
bench="$(ls "$root"/benchmarks/target/postflight-benchmarks-*.jar 2>/dev/null \
    | grep -v -e '-sources' -e '-tests' -e '-javadoc' | head -n 1 || true)"

if [[ ! -f "$app" || -z "$bench" ]]; then
    echo "judge-accuracy: build first: ./mvnw -DskipTests package" >&2
    exit 2
fi
if [[ ! -f "$scenarios/truth.jsonl" ]]; then
    echo "judge-accuracy: no truth.jsonl in $scenarios" >&2
    exit 2
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -cp "$bench:$app" io.postflight.benchmarks.JudgeAccuracyBenchmark "$scenarios" "$out"
