#!/usr/bin/env bash
# Benchmark harness: starts a local Kafka + registry of its own (separate ports and folder, reset each run),
# runs the jar's `bench` command (baselines, pipeline throughput, latency at fixed rates, profile load and
# fan-out; bounded in count and time) and prints each figure with its ratio to the baselines, then the CPU
# time and resident memory of the broker and the registry. Results go to harness/target/bench/.
#   scripts/bench.sh                       # defaults (bench --help lists them)
#   scripts/bench.sh --events 5000 --profiles 20000 --rates 1000 --seconds 5
#   scripts/bench.sh --floor               # the baselines warm and the Avro copy inside Kafka Streams, without the app
#   SUPPLYSHOCK_BENCH_HEAP=512m scripts/bench.sh    # the app's heap (default 1g); the app runs as a child JVM of the harness
#   scripts/bench.sh --runs 3              # three runs in a row, each on a fresh stack, then each key figure's runs and median
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_java

# --runs is the script's own: every run gets a fresh stack, which only the script starts.
runs=1 bench_args=()
while (($#)); do
  case "$1" in
    --runs) (($# >= 2)) || die "--runs needs a count"; runs="$2"; shift 2 ;;
    --runs=*) runs="${1#--runs=}"; shift ;;
    *) bench_args+=("$1"); shift ;;
  esac
done
[[ "$runs" =~ ^[1-9]$ ]] || die "--runs takes 1 to 9 runs, got '$runs'"

own_stack BENCH .stack-bench 19092 19093 18081 19081 18080
OUT_DIR="$PROJECT_ROOT/harness/target/bench"
require_jar "$HARNESS_JAR"
# A failed run keeps its stack's logs: the next run resets the stack, and the one after it drops the previous logs.
stop_stack() {
  local status=$?
  if ((status != 0)) && compgen -G "$SUPPLYSHOCK_STACK_DIR/logs/*.log" >/dev/null; then
    local kept="$OUT_DIR/failed-$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$kept" && cp "$SUPPLYSHOCK_STACK_DIR"/logs/*.log "$kept"/ && warn "the run failed (exit $status); the stack's logs are in $kept"
  fi
  "$PROJECT_ROOT/scripts/stack.sh" stop >/dev/null 2>&1 || true
}
trap stop_stack EXIT
# Exactly-once producers log every retried CONCURRENT_TRANSACTIONS answer at WARN: noise under load.
export SUPPLYSHOCK_KAFKA_LOG_LEVEL="${SUPPLYSHOCK_KAFKA_LOG_LEVEL:-ERROR}"
mkdir -p "$OUT_DIR"
results=()
for ((run = 1; run <= runs; run++)); do
  ((runs == 1)) || info "run $run of $runs"
  fresh_stack supplyshock-bench
  result="$OUT_DIR/results-$(date -u +%Y%m%dT%H%M%SZ).md"
  # SUPPLYSHOCK_BENCH_JAVA_OPTS adds JVM options to the harness (the app is its child JVM: profile it with jcmd JFR.start).
  # shellcheck disable=SC2086
  "$JAVA" -Xmx512m ${SUPPLYSHOCK_BENCH_JAVA_OPTS:-} "${JAVA_QUIET_OPTS[@]}" -jar "$HARNESS_JAR" bench --app-heap "${SUPPLYSHOCK_BENCH_HEAP:-1g}" \
    --stack-dir "$SUPPLYSHOCK_STACK_DIR" --out "$result" "${bench_args[@]}"
  info "results: $result"
  results+=("$result")
done
if ((runs > 1)); then
  summary="$OUT_DIR/summary-$(date -u +%Y%m%dT%H%M%SZ).md"
  "$JAVA" "${JAVA_QUIET_OPTS[@]}" -jar "$HARNESS_JAR" bench-summary --out "$summary" "${results[@]}"
  info "summary: $summary"
fi
