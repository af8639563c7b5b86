#!/usr/bin/env bash
# Load and start-up benchmarks on the services as they ship: a real (in-JVM) broker, stub targets
# on loopback. Each prints its figures; docs/performance.md records them with the machine's load.
#
# usage: benchmarks/load.sh health   [VERIFICATIONS=100000] [OBSERVE_SECONDS=180] [INSTANCES=1] [spread|burst]
#        benchmarks/load.sh gateway  [EVENTS=20000] [WARM_UP=5000]
#        benchmarks/load.sh decision [IN_FLIGHT=1000] [RESULTS_PER_SECOND=100] [STREAMS_SETTINGS]
#        benchmarks/load.sh startup  [RUNS=3]
#   health    one health verifier holding VERIFICATIONS (1 instance each, probe interval 60 s), written
#             evenly over one interval (spread) or at once (burst): rounds started late (until the
#             first call of the round went out), probes per second and per core of verifier CPU, heap
#   gateway   deploy events written at once → verifications readable (read_committed): events/s
#   decision  phase result → decision readable (read_committed), p50/p90/p99; STREAMS_SETTINGS
#             overrides the decision engine's, e.g. commit.interval.ms=50,poll.ms=10 or postflight.kafka.partitions=3
#   startup   each service's process start → /health/readiness 200, without and with an AOT cache
# Build first:  ./mvnw -DskipTests -Dimage.skip=true package
# Broker: in the benchmark's JVM; LOAD_BROKER=process runs it in a process of its own.
# JVM options: JAVA_OPTS, e.g. JAVA_OPTS=-Xmx1g (health prints the whole JVM's heap: broker, stubs, verifier).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app="$root/deploy/local/target/postflight.jar"
bench="$(ls "$root"/benchmarks/load/target/postflight-load-benchmarks-*.jar 2>/dev/null \
    | grep -v -e '-sources' -e '-tests' -e '-javadoc' | head -n 1 || true)"
if [[ ! -f "$app" || -z "$bench" ]]; then
    echo "load: build first: ./mvnw -DskipTests -Dimage.skip=true package" >&2
    exit 2
fi
what="${1:-}"
shift || true
case "$what" in
    health)   main=io.postflight.benchmarks.load.HealthLoadBenchmark; set -- "${1:-100000}" "${2:-180}" "${3:-1}" "${4:-spread}" ;;
    gateway)  main=io.postflight.benchmarks.load.GatewayIngestBenchmark; set -- "${1:-20000}" "${2:-5000}" ;;
    decision) main=io.postflight.benchmarks.load.DecisionLatencyBenchmark; set -- "${1:-1000}" "${2:-100}" ${3:+"$3"} ;;
    startup)  main=io.postflight.benchmarks.load.StartupBenchmark; set -- "$app" "${1:-3}" ;;
    *) sed -n '5,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
java="$("$root/postflight" java-path)"
flags=(--enable-native-access=ALL-UNNAMED)
major="$("$java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n1)"
[[ "${major:-0}" -ge 24 ]] && flags+=(--sun-misc-unsafe-memory-access=allow)
# shellcheck disable=SC2086
exec "$java" ${JAVA_OPTS:-} "${flags[@]}" -cp "$bench:$app" "$main" "$@"
