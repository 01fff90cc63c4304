#!/usr/bin/env bash
# Runs the streams application in the background against the local stack (or any cluster given by
# SUPPLYSHOCK_BOOTSTRAP_SERVERS / SUPPLYSHOCK_REGISTRY_URL).
#   scripts/app.sh start|stop|restart|status|logs
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STACK_DIR="$(stack_dir)"
PID_FILE="$STACK_DIR/run/app.pid"
LOG_FILE="$STACK_DIR/logs/app.log"
# The app runs a copy of the jar, so that rebuilding the project never swaps the jar under a running JVM. The copy's
# path is this stack folder's own, so it also tells this app's process from any other.
RUN_JAR="$STACK_DIR/run/supplyshock-app.jar"
HTTP_PORT="${SUPPLYSHOCK_HTTP_PORT:-8080}"
export SUPPLYSHOCK_STATE_DIR="${SUPPLYSHOCK_STATE_DIR:-$STACK_DIR/app-state}"

running_pid() { find_pid "$PID_FILE" "$RUN_JAR"; }

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    info "app already running (pid $pid, http://127.0.0.1:$HTTP_PORT)"
    return 0
  fi
  if port_open "$HTTP_PORT"; then die "port $HTTP_PORT is taken; set SUPPLYSHOCK_HTTP_PORT to a free port"; fi
  find_java
  require_jar "$SUPPLYSHOCK_JAR"
  mkdir -p "$STACK_DIR/run" "$STACK_DIR/logs"
  cp "$SUPPLYSHOCK_JAR" "$RUN_JAR"
  launch "$PID_FILE" "$LOG_FILE" "$JAVA" -Xmx1g "${JAVA_QUIET_OPTS[@]}" -jar "$RUN_JAR" run
  pid="$(<"$PID_FILE")"
  info "app starting (pid $pid), log $LOG_FILE"
  local deadline=$((SECONDS + 120)) scheme=http
  # With http.tls.keystore set the endpoints speak HTTPS only; the probe only needs the status, not trust.
  if [[ -n "${SUPPLYSHOCK_HTTP_TLS_KEYSTORE:-}" ]]; then scheme=https; fi
  until [[ "$(curl -sk --max-time 5 -o /dev/null -w '%{http_code}' "$scheme://127.0.0.1:$HTTP_PORT/health" || true)" == 200 ]]; do
    if ! running_pid >/dev/null; then tail -n 30 "$LOG_FILE" >&2; die "app exited during start-up; see $LOG_FILE"; fi
    if ((SECONDS >= deadline)); then tail -n 30 "$LOG_FILE" >&2; die "app not ready after 120 s; see $LOG_FILE"; fi
    sleep 1
  done
  info "app ready: $scheme://127.0.0.1:$HTTP_PORT/health"
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then stop_pids 20 "$pid" && info "app stopped"; else info "app not running"; fi
  rm -f "$PID_FILE"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then printf 'app       running  pid %s  http://127.0.0.1:%s\n' "$pid" "$HTTP_PORT"; else printf 'app       stopped\n' && return 3; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop && cmd_start ;;
  status) cmd_status ;;
  logs) tail -n "${2:-100}" -f "$LOG_FILE" ;;
  *) echo "usage: $0 start|stop|restart|status|logs" >&2 && exit 2 ;;
esac
