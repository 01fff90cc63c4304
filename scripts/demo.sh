#!/usr/bin/env bash
# The main job on a fresh machine: build, start the local stack, create topics, start the streams
# app, publish the reference exposure profiles and seed events, wait until they are processed and
# print a readable summary. Safe to run again: every step is idempotent, and republished events are
# recognised as repeats (no second alert).
#   scripts/demo.sh            run the demo
#   scripts/demo.sh --secure   the same on a SASL_SSL stack with ACLs (its own folder, .stack-secure/): each
#                              step runs as the principal that may do it (admin, app, publisher, consumer)
#   scripts/demo.sh stop       stop the app and the local stack (with --secure: the secure one)
#   scripts/demo.sh screenshots  after a demo: the console's feed and strongest alert as PNGs in docs/images/
#                              (headless Debian chromium; the README shows them)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECURE=0
if [[ " $* " == *" --secure "* ]]; then SECURE=1; fi
# A secure stack needs a folder of its own: one that holds a plaintext broker's data is refused.
((SECURE)) && export SUPPLYSHOCK_STACK_DIR="${SUPPLYSHOCK_STACK_DIR:-$PROJECT_ROOT/.stack-secure}"

REFERENCE_DIR="${SUPPLYSHOCK_REFERENCE_DIR:-$PROJECT_ROOT/sample-data}"
STACK_DIR="${SUPPLYSHOCK_STACK_DIR:-$PROJECT_ROOT/.stack}"
DEMO_DIR="$STACK_DIR/demo"
HTTP_PORT="${SUPPLYSHOCK_HTTP_PORT:-8080}"
APP="$PROJECT_ROOT/scripts/supplyshock.sh"

if [[ " $* " == *" screenshots "* ]]; then
  find_java
  jar_command io.supplyshock.harness.HarnessMain "$HARNESS_JAR"
  exec "${JAR_CMD[@]}" console-screenshots --url "http://127.0.0.1:$HTTP_PORT" --out "$PROJECT_ROOT/docs/images"
fi

if [[ " $* " == *" stop "* ]]; then
  "$PROJECT_ROOT/scripts/app.sh" stop
  "$PROJECT_ROOT/scripts/stack.sh" stop
  exit 0
fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

# Runs a command with one principal's settings (on a plaintext stack: the stack's plain settings).
as_principal() {
  local -a as=()
  if ((SECURE)); then as=(--as "$1"); fi
  (eval "$("$PROJECT_ROOT/scripts/stack.sh" env "${as[@]}")" && "${@:2}")
}

[[ -f "$REFERENCE_DIR/seed-events.jsonl" ]] || die "reference data not found in $REFERENCE_DIR (set SUPPLYSHOCK_REFERENCE_DIR)"
find_java

step "1/7 Build (mvn package, tests skipped here; scripts/test.sh runs them)"
(cd "$PROJECT_ROOT" && mvn -B -q -ntp package -DskipTests) || die "build failed"

step "2/7 Local stack: Kafka (KRaft) + Apicurio Registry on 127.0.0.1"
if ((SECURE)); then "$PROJECT_ROOT/scripts/stack.sh" start --secure; else "$PROJECT_ROOT/scripts/stack.sh" start; fi

step "3/7 Topics"
as_principal admin "$APP" create-topics

step "4/7 Streams app (restarted, so it runs the build just made)"
# Deadlines follow event time while records flow and the wall clock once the app is idle; the demo
# shortens the idle time from 30 s so that countdowns already due today show up in its summary.
export SUPPLYSHOCK_SIGNALS_CLOCK_IDLE_MS="${SUPPLYSHOCK_SIGNALS_CLOCK_IDLE_MS:-3000}"
as_principal app "$PROJECT_ROOT/scripts/app.sh" restart

mkdir -p "$DEMO_DIR"
step "5/7 World-supply baseline (reference-data/) and exposure profiles derived from seed-entities.jsonl"
as_principal publisher "$APP" publish-baseline ${SUPPLYSHOCK_BASELINE_DIRS:-}
"$APP" convert-entities "$REFERENCE_DIR/seed-entities.jsonl" --out "$DEMO_DIR/exposure-profiles.jsonl"
as_principal publisher "$APP" publish-profiles "$DEMO_DIR/exposure-profiles.jsonl" --rejects "$DEMO_DIR/profile-rejects.jsonl"

step "6/7 Seed events"
as_principal publisher "$APP" publish "$REFERENCE_DIR/seed-events.jsonl" --rejects "$DEMO_DIR/rejects.jsonl"

step "7/7 Waiting for the pipeline to process everything"
# Reading the app group's committed offsets is an operator's job: the admin principal.
as_principal admin "$APP" wait-processed 240
info "letting the deadline clock move from event time to the wall clock (idle ${SUPPLYSHOCK_SIGNALS_CLOCK_IDLE_MS} ms)"
sleep $(( SUPPLYSHOCK_SIGNALS_CLOCK_IDLE_MS / 1000 + 6 ))

# The summary counts dead letters too, which only the admin principal may read.
as_principal admin "$APP" summary 12

CONSOLE_URL="http://127.0.0.1:$HTTP_PORT/"
[[ -n "${SUPPLYSHOCK_HTTP_TLS_KEYSTORE:-}" ]] && CONSOLE_URL="https://127.0.0.1:$HTTP_PORT/"
cat <<MSG

== Analyst console (feed -> alert -> its evidence and exposed entities; what-if form)
  $CONSOLE_URL$( [[ -n "${SUPPLYSHOCK_HTTP_AUTH_TOKEN:-}" ]] && echo "     sign in with the app's http.auth.token" )

== Query more
  curl -s http://127.0.0.1:$HTTP_PORT/api/commodities/rare_earths     # state: shares, observations, measures
  curl -s http://127.0.0.1:$HTTP_PORT/api/exposures/mp-materials      # exposure rows of one entity
  curl -s http://127.0.0.1:$HTTP_PORT/health
  curl -s http://127.0.0.1:$HTTP_PORT/metrics | grep '^supplyshock_'   # pipeline metrics (docs/operations-and-fleet.md: metrics)
  scripts/tail-alerts.sh --from-beginning                           # alerts, decoded through the registry, as they arrive
  scripts/supplyshock.sh summary 30                                  # this summary again, top 30 entities
  Rejected lines (if any): $DEMO_DIR/rejects.jsonl    App log: $STACK_DIR/logs/app.log

== Stop
  scripts/demo.sh $( ((SECURE)) && echo "--secure " )stop          # stops the app and the local stack (data stays in $STACK_DIR)
  scripts/stack.sh reset        # to start from empty topics next time
MSG
