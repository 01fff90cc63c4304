#!/usr/bin/env bash
# Reliability soak: the same synthetic input runs twice on a stack of its own (ports and folder separate from
# the demo's and the bench's): once undisturbed, then with the streams app SIGKILLed at random points, one
# restart from an empty state directory, a broker restart and a registry outage. The committed outputs
# (read_committed) of supply.alerts, supply.storylines, supply.exposures and supply.commodity-state must be identical: nothing
# lost, nothing doubled, the same scores, the same final tables. Deadlines run on event time in both runs.
#   scripts/chaos.sh                                  # 20,000 events, 3 kills, state wipe, failover, broker restart, 20 s registry outage
#   scripts/chaos.sh --events 50000 --kills 5 --registry-outage-seconds 60
# Figures go to harness/target/chaos/; exit 0 when the runs are identical, 3 when they differ.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_java

own_stack CHAOS .stack-chaos 29092 29093 28081 29081 28080
export SUPPLYSHOCK_STACK_DIST_DIR="${SUPPLYSHOCK_STACK_DIST_DIR:-$PROJECT_ROOT/.stack/dist}"
OUT_DIR="$PROJECT_ROOT/harness/target/chaos"
STACK="$PROJECT_ROOT/scripts/stack.sh"

args=("$@")
if ((${#args[@]} == 0)); then
  args=(--events 20000 --kills 3 --wipe-state --broker-restart --registry-outage-seconds 20 --failover)
fi
require_jar "$HARNESS_JAR"
trap '"$STACK" stop >/dev/null 2>&1 || true' EXIT
mkdir -p "$OUT_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
snapshot="$OUT_DIR/reference-$stamp.json"
log="$OUT_DIR/chaos-$stamp.log"

info "reference run (undisturbed) on a fresh stack"
fresh_stack supplyshock-chaos
"$JAVA" "${JAVA_QUIET_OPTS[@]}" -jar "$HARNESS_JAR" chaos --phase reference --snapshot "$snapshot" "${args[@]}" 2>&1 | tee "$log"
info "disturbed run of the same input on a fresh stack"
fresh_stack supplyshock-chaos
set +e
"$JAVA" "${JAVA_QUIET_OPTS[@]}" -jar "$HARNESS_JAR" chaos --phase disturbed --snapshot "$snapshot" --stack-script "$STACK" "${args[@]}" 2>&1 | tee -a "$log"
rc=${PIPESTATUS[0]}
set -e
info "log: $log"
exit "$rc"
