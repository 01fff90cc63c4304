#!/usr/bin/env bash
# Local dev stack for Supplyshock: a single-node KRaft Kafka broker and an Apicurio Registry (H2 file
# storage), both plain JVM processes bound to 127.0.0.1 only. No Docker needed: artifacts come from Maven
# (scripts/stack/pom.xml). This script starts and stops the processes; their configuration, certificates,
# readiness checks, SCRAM users and ACLs come from the tools jar (`supplyshock stack`, io.supplyshock.stack).
#
# Usage: scripts/stack.sh <command> [args]
#   start [--secure]   start Kafka + registry (idempotent), wait until both are ready; --secure (fresh stack
#                      dir only): SASL_SSL + SCRAM-SHA-512, TLS, ACLs (the stack dir remembers it until `reset`)
#   stop [kafka|registry]  stop both, or one (idempotent): TERM, then KILL after a grace period
#   restart            stop + start
#   status             show state; exit 0 if both are up, 3 otherwise
#   env [--as admin|app|publisher|consumer]  print `export SUPPLYSHOCK_...=` lines (eval "$(scripts/stack.sh env)");
#                      on a secure stack with that principal's credentials (default app)
#   logs [kafka|registry]   follow the log files
#   topics ARGS...     run kafka-topics (TopicCommand) against the stack, e.g. topics --create --topic t --partitions 3
#   kafka-tool CLASS ARGS...  run any Kafka CLI main class on the stack's classpath,
#                      e.g. kafka-tool org.apache.kafka.tools.consumer.ConsoleConsumer ...
#   reset              stop and delete Kafka data and the registry database (keeps downloads)
#
# Environment (defaults in brackets):
#   SUPPLYSHOCK_STACK_DIR            [$PROJECT_ROOT/.stack] state, logs, pids, downloads
#   SUPPLYSHOCK_STACK_DIST_DIR       [$SUPPLYSHOCK_STACK_DIR/dist] downloaded Kafka classpath
#                                    and unpacked registry; may be shared between stack dirs
#   SUPPLYSHOCK_KAFKA_PORT           [9092] Kafka client listener
#   SUPPLYSHOCK_CONTROLLER_PORT      [9093] KRaft controller listener
#   SUPPLYSHOCK_REGISTRY_PORT        [8081] registry HTTP API
#   SUPPLYSHOCK_REGISTRY_MGMT_PORT   [9081] registry management (health/metrics)
#   SUPPLYSHOCK_KAFKA_PARTITIONS     [3]    num.partitions for topics created without -p
#   SUPPLYSHOCK_STACK_START_TIMEOUT  [180]  seconds to wait for readiness
#   SUPPLYSHOCK_STACK_STOP_TIMEOUT   [20]   seconds between TERM and KILL
#   JAVA_HOME                        used if it is a JDK >= 21, else one is searched for

set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STACK_SRC="$PROJECT_ROOT/scripts/stack"
KAFKA_PORT="${SUPPLYSHOCK_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${SUPPLYSHOCK_CONTROLLER_PORT:-9093}"
REGISTRY_PORT="${SUPPLYSHOCK_REGISTRY_PORT:-8081}"
REGISTRY_MGMT_PORT="${SUPPLYSHOCK_REGISTRY_MGMT_PORT:-9081}"
START_TIMEOUT="${SUPPLYSHOCK_STACK_START_TIMEOUT:-180}"
STOP_TIMEOUT="${SUPPLYSHOCK_STACK_STOP_TIMEOUT:-20}"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
REGISTRY_BASE="http://127.0.0.1:$REGISTRY_PORT"
REGISTRY_URL="$REGISTRY_BASE/apis/registry/v3"
CCOMPAT_URL="$REGISTRY_BASE/apis/ccompat/v7"

STACK_DIR="$(stack_dir)"
# Downloads are read-only once resolved, so stack dirs may share one (a test stack under target/ that `mvn clean` wipes).
DIST_DIR="$(realpath -m -- "${SUPPLYSHOCK_STACK_DIST_DIR:-$STACK_DIR/dist}")"
RUN_DIR="$STACK_DIR/run" LOG_DIR="$STACK_DIR/logs" TMP_DIR="$STACK_DIR/tmp"
KAFKA_DIR="$STACK_DIR/kafka" REGISTRY_DIR="$STACK_DIR/registry" SECURE_DIR="$STACK_DIR/secure"

secure_enabled() { [[ -f "$SECURE_DIR/enabled" ]]; }

# Every JVM we launch carries this system property; a pid counts as ours only if its command line has it.
marker() { printf -- '-Dsupplyshock.stack=%s@%s' "$1" "$STACK_DIR"; }
pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }
component_pid() { find_pid "$(pid_file "$1")" "$(marker "$1")"; }

# kafka_tool MAIN_CLASS ARGS...: a Kafka command-line tool on the broker's class path.
kafka_tool() {
  [[ -f "$RUN_DIR/kafka-tool.args" ]] || die "Kafka is not downloaded yet; run: scripts/stack.sh start"
  find_java
  mkdir -p "$TMP_DIR"
  local -a jvm
  mapfile -t jvm <"$RUN_DIR/kafka-tool.args"
  "$JAVA" "${jvm[@]}" "$@"
}

# stack_tool prepare|await ARGS...: the tools jar's stack commands (`supplyshock stack prepare --help`).
stack_tool() {
  jar_command io.supplyshock.Main "$SUPPLYSHOCK_JAR" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.io.tmpdir="$TMP_DIR"
  "${JAR_CMD[@]}" stack "$@"
}

# start_component NAME LOG: launches the JVM that `stack prepare` wrote into run/NAME.args, marked as ours.
start_component() {
  local -a jvm
  mapfile -t jvm <"$RUN_DIR/$1.args"
  launch "$(pid_file "$1")" "$2" "$JAVA" "$(marker "$1")" "${jvm[@]}"
}

# Serialises start/stop/reset for one stack dir, so two concurrent starts cannot launch two brokers on the same data.
take_lock() {
  mkdir -p "$RUN_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$RUN_DIR/stack.lock"
    flock -w 300 9 || die "timed out waiting for another stack.sh on $STACK_DIR"
  fi
}

cmd_start() {
  local -a prepare=(--stack-dir "$STACK_DIR" --dist-dir "$DIST_DIR" --stack-src "$STACK_SRC" --kafka-port "$KAFKA_PORT"
    --controller-port "$CONTROLLER_PORT" --registry-port "$REGISTRY_PORT" --registry-mgmt-port "$REGISTRY_MGMT_PORT") launched=()
  while (($#)); do
    [[ "$1" == --secure ]] || die "start takes only --secure, got '$1'"
    prepare+=(--secure) && shift
  done
  if [[ -n "${SUPPLYSHOCK_KAFKA_PARTITIONS:-}" ]]; then prepare+=(--partitions "$SUPPLYSHOCK_KAFKA_PARTITIONS"); fi
  find_java
  take_lock
  mkdir -p "$DIST_DIR" "$RUN_DIR" "$LOG_DIR" "$TMP_DIR"
  local t0=$SECONDS kafka_pid registry_pid
  kafka_pid="$(component_pid kafka)" || { kafka_pid="" && prepare+=(--free kafka); }
  registry_pid="$(component_pid registry)" || { registry_pid="" && prepare+=(--free registry); }
  # Checks the ports of what is about to start before anything launches, so a clash never leaves half a stack.
  stack_tool prepare "${prepare[@]}" || exit 1
  if [[ -z "$kafka_pid" || -z "$registry_pid" ]]; then info "using Java $JAVA_MAJOR from $JAVA_HOME; stack dir $STACK_DIR"; fi
  # Both launch before either is waited for: their startups overlap.
  if [[ -n "$kafka_pid" ]]; then info "Kafka already running (pid $kafka_pid)"; else
    info "starting Kafka on $BOOTSTRAP (controller 127.0.0.1:$CONTROLLER_PORT)"
    if [[ -f "$LOG_DIR/kafka-server.log" ]]; then mv -f "$LOG_DIR/kafka-server.log" "$LOG_DIR/kafka-server.log.prev"; fi
    start_component kafka "$LOG_DIR/kafka.out" && kafka_pid="$(<"$(pid_file kafka)")" && launched+=("$kafka_pid")
  fi
  if [[ -n "$registry_pid" ]]; then info "Apicurio Registry already running (pid $registry_pid)"; else
    info "starting Apicurio Registry on $REGISTRY_BASE (management 127.0.0.1:$REGISTRY_MGMT_PORT)"
    (cd "$REGISTRY_DIR" && start_component registry "$LOG_DIR/registry.log")
    registry_pid="$(<"$(pid_file registry)")" && launched+=("$registry_pid")
  fi
  if ! stack_tool await --stack-dir "$STACK_DIR" --bootstrap "$BOOTSTRAP" --kafka-pid "$kafka_pid" \
    --registry "$REGISTRY_BASE" --registry-pid "$registry_pid" --timeout "$START_TIMEOUT"; then
    # Half a stack must not be left behind (a test harness would leak it); what was running before stays.
    if ((${#launched[@]})); then
      warn "stopping what this run started: ${launched[*]}"
      stop_pids "$STOP_TIMEOUT" "${launched[@]}"
      component_pid kafka >/dev/null || true
      component_pid registry >/dev/null || true
    fi
    die "stack did not become ready (logs in $LOG_DIR; SUPPLYSHOCK_STACK_START_TIMEOUT=$START_TIMEOUT)"
  fi
  if ((${#launched[@]})); then info "stack is up in $((SECONDS - t0))s"; else info "stack was already running"; fi
  printf '%-24s: %s\n' "Kafka bootstrap servers" "$BOOTSTRAP" "Registry (Apicurio v3)" "$REGISTRY_URL" \
    "Registry (Confluent API)" "$CCOMPAT_URL" "Logs" "$LOG_DIR" "Use in a shell" 'eval "$(scripts/stack.sh env)"'
  if secure_enabled; then
    printf '%-24s: %s\n%26s%s\n' "Security" "SASL_SSL + SCRAM-SHA-512; passwords, truststore, client properties in $SECURE_DIR" \
      "" 'eval "$(scripts/stack.sh env --as app|publisher|consumer|admin)"'
  fi
}

cmd_stop() {
  take_lock
  local comp pid
  local -a pids=() comps=(registry kafka)
  # One component alone (the reliability tests stop the broker or the registry mid-stream); `start` brings it back.
  if (($#)); then
    [[ "$1" == kafka || "$1" == registry ]] || die "stop takes kafka or registry, got '$1'"
    comps=("$1")
  fi
  for comp in "${comps[@]}"; do
    if pid="$(component_pid "$comp")"; then info "stopping $comp (pid $pid)" && pids+=("$pid"); else info "$comp is not running"; fi
  done
  if ((${#pids[@]})); then stop_pids "$STOP_TIMEOUT" "${pids[@]}"; fi
  for comp in "${comps[@]}"; do rm -f "$(pid_file "$comp")"; done
  info "stopped ${comps[*]}"
}

# status_line NAME PORT DETAIL: up means the process is alive and its main port accepts connections.
status_line() {
  local pid state=stopped shown=""
  if pid="$(component_pid "$1")"; then
    state=running shown="pid $pid"
    port_open "$2" || state=starting
  fi
  printf '%-9s %-8s %-12s %s\n' "$1" "$state" "$shown" "$3"
  [[ $state == running ]]
}

cmd_status() {
  local rc=0
  status_line kafka "$KAFKA_PORT" "bootstrap $BOOTSTRAP  controller 127.0.0.1:$CONTROLLER_PORT" || rc=3
  status_line registry "$REGISTRY_PORT" "url $REGISTRY_URL  ccompat $CCOMPAT_URL  management http://127.0.0.1:$REGISTRY_MGMT_PORT" || rc=3
  printf 'stack dir %s\n' "$STACK_DIR"
  return "$rc"
}

cmd_env() {
  local as="" want_secure=0 credentials=""
  while (($#)); do
    case "$1" in
      --secure) want_secure=1 ;;
      --as) as="${2:-}" && shift ;;
      --as=*) as="${1#--as=}" ;;
      *) die "usage: scripts/stack.sh env [--secure] [--as admin|app|publisher|consumer]" ;;
    esac
    shift
  done
  # Credentials first: a refusal must not leave half an environment for `eval` to apply.
  if ((want_secure)) || [[ -n "$as" ]] || secure_enabled; then
    secure_enabled || die "$STACK_DIR is not a secure stack (start it with: scripts/stack.sh start --secure)"
    as="${as:-app}"
    [[ "$as" =~ ^[a-z]+$ && -f "$SECURE_DIR/client-$as.env" ]] \
      || die "unknown principal '$as' (one of: $(cd "$SECURE_DIR" && ls client-*.env | sed 's/^client-//; s/\.env$//' | xargs))"
    credentials="$(<"$SECURE_DIR/client-$as.env")"
  fi
  printf 'export SUPPLYSHOCK_BOOTSTRAP_SERVERS=%s\nexport SUPPLYSHOCK_REGISTRY_URL=%s\n' "$BOOTSTRAP" "$REGISTRY_URL"
  if [[ -n "$credentials" ]]; then printf '%s\n' "$credentials"; fi
}

cmd_reset() {
  cmd_stop
  info "deleting Kafka data and registry database under $STACK_DIR"
  # The app's state describes the deleted topics, so it goes too (stop the app first: scripts/app.sh stop). So do
  # the secure mode's certificates and passwords: the next start is plaintext unless --secure.
  rm -rf "$KAFKA_DIR" "$REGISTRY_DIR" "$TMP_DIR" "$STACK_DIR/app-state" "$STACK_DIR/demo" "$SECURE_DIR"
}

usage() {
  sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&"$((${1} == 0 ? 1 : 2))"
  exit "$1"
}

cmd="${1:-}"
if (($#)); then shift; fi
case "$cmd" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  restart) cmd_stop && cmd_start ;;
  status) cmd_status ;;
  env) cmd_env "$@" ;;
  logs)
    case "${1:-all}" in
      kafka) logs=(kafka-server.log kafka.out) ;;
      registry) logs=(registry.log) ;;
      all) logs=(kafka-server.log kafka.out registry.log) ;;
      *) die "usage: scripts/stack.sh logs [kafka|registry]" ;;
    esac
    exec tail -n 50 -F "${logs[@]/#/$LOG_DIR/}"
    ;;
  topics)
    auth=()
    if secure_enabled; then auth=(--command-config "$SECURE_DIR/client-admin.properties"); fi
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" "${auth[@]}" "$@"
    ;;
  kafka-tool)
    (($# >= 1)) || die "usage: scripts/stack.sh kafka-tool MAIN_CLASS [ARGS...]  (bootstrap server: $BOOTSTRAP)"
    kafka_tool "$@"
    ;;
  reset) cmd_reset ;;
  -h | --help | help) usage 0 ;;
  "") usage 2 ;;
  *) warn "unknown command: $cmd" && usage 2 ;;
esac
