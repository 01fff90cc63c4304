#!/usr/bin/env bash
# Local dev stack for Supplyshock: a single-node KRaft Kafka broker and an
# Apicurio Registry (H2 file storage), both plain JVM processes bound to
# 127.0.0.1 only. No Docker needed: artifacts come from Maven (scripts/stack/pom.xml).
#
# Usage: scripts/stack.sh <command> [args]
#   start [--secure]   start Kafka + registry (idempotent), wait until both are ready;
#                      --secure (fresh stack dir only): SASL_SSL + SCRAM-SHA-512, TLS, ACLs
#                      (scripts/secure.sh; the stack dir remembers it until `reset`)
#   stop [kafka|registry]  stop both, or one (idempotent): TERM, then KILL after a grace period
#   restart            stop + start
#   status             show state; exit 0 if both are up, 3 otherwise
#   env [--as admin|app|publisher|consumer]
#                      print `export SUPPLYSHOCK_...=` lines (eval "$(scripts/stack.sh env)");
#                      on a secure stack with that principal's credentials (default app)
#   logs [kafka|registry]   follow the log files
#   topics ARGS...     run kafka-topics (TopicCommand) against the stack,
#                      e.g. topics --create --topic t --partitions 3
#   kafka-tool CLASS ARGS...  run any Kafka CLI main class against the stack's classpath,
#                      e.g. kafka-tool org.apache.kafka.tools.consumer.ConsoleConsumer ...
#   reset              stop and delete Kafka data and the registry database (keeps downloads)
#
# Environment (defaults in brackets):
#   SUPPLYSHOCK_STACK_DIR            [$PROJECT_ROOT/.stack] state, logs, pids, downloads
#   SUPPLYSHOCK_STACK_DIST_DIR       [$SUPPLYSHOCK_STACK_DIR/dist] downloaded Kafka classpath
#                                    and unpacked registry; may be shared between stack dirs
#   SUPPLYSHOCK_KAFKA_PORT           [9092] Kafka PLAINTEXT listener
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
KAFKA_PARTITIONS="${SUPPLYSHOCK_KAFKA_PARTITIONS:-3}"
START_TIMEOUT="${SUPPLYSHOCK_STACK_START_TIMEOUT:-180}"
STOP_TIMEOUT="${SUPPLYSHOCK_STACK_STOP_TIMEOUT:-20}"

BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
REGISTRY_BASE="http://127.0.0.1:$REGISTRY_PORT"
REGISTRY_URL="$REGISTRY_BASE/apis/registry/v3"
CCOMPAT_URL="$REGISTRY_BASE/apis/ccompat/v7"

validate_config() {
  local name value
  for name in SUPPLYSHOCK_KAFKA_PORT SUPPLYSHOCK_CONTROLLER_PORT SUPPLYSHOCK_REGISTRY_PORT SUPPLYSHOCK_REGISTRY_MGMT_PORT; do
    case "$name" in
      SUPPLYSHOCK_KAFKA_PORT) value="$KAFKA_PORT" ;;
      SUPPLYSHOCK_CONTROLLER_PORT) value="$CONTROLLER_PORT" ;;
      SUPPLYSHOCK_REGISTRY_PORT) value="$REGISTRY_PORT" ;;
      SUPPLYSHOCK_REGISTRY_MGMT_PORT) value="$REGISTRY_MGMT_PORT" ;;
    esac
    if ! [[ "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
      die "$name=$value is not a valid TCP port"
    fi
  done
  local sorted
  sorted="$(printf '%s\n' "$KAFKA_PORT" "$CONTROLLER_PORT" "$REGISTRY_PORT" "$REGISTRY_MGMT_PORT" | sort -u | wc -l)"
  ((sorted == 4)) || die "SUPPLYSHOCK_KAFKA_PORT, _CONTROLLER_PORT, _REGISTRY_PORT and _REGISTRY_MGMT_PORT must all differ (got $KAFKA_PORT, $CONTROLLER_PORT, $REGISTRY_PORT, $REGISTRY_MGMT_PORT)"
  [[ "$KAFKA_PARTITIONS" =~ ^[1-9][0-9]*$ ]] || die "SUPPLYSHOCK_KAFKA_PARTITIONS=$KAFKA_PARTITIONS must be a positive integer"
}

# Absolute path: Kafka and H2 get it in config files, and the pid-ownership marker
# must not depend on the caller's working directory.
STACK_DIR="${SUPPLYSHOCK_STACK_DIR:-$PROJECT_ROOT/.stack}"
# Canonical even before the dir exists (realpath -m), so the marker is identical
# on the first run and later ones.
if ! STACK_DIR="$(realpath -m -- "$STACK_DIR" 2>/dev/null)"; then
  STACK_DIR="${SUPPLYSHOCK_STACK_DIR:-$PROJECT_ROOT/.stack}"
  mkdir -p "$STACK_DIR"
  STACK_DIR="$(cd "$STACK_DIR" && pwd -P)"
fi
# Downloads are read-only once resolved, so several stack dirs may share one
# (e.g. a test stack under target/ that `mvn clean` would otherwise wipe).
DIST_DIR="$(realpath -m -- "${SUPPLYSHOCK_STACK_DIST_DIR:-$STACK_DIR/dist}")"
RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"
TMP_DIR="$STACK_DIR/tmp"
KAFKA_DIR="$STACK_DIR/kafka"
KAFKA_DATA_DIR="$KAFKA_DIR/data"
REGISTRY_DIR="$STACK_DIR/registry"

KAFKA_CLASSPATH_FILE="$DIST_DIR/kafka.classpath"
RESOLVED_STAMP="$DIST_DIR/.resolved"

pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$STACK_SRC/pom.xml" | head -n1
}
APICURIO_VERSION="$(pom_property apicurio.registry.version)"
REGISTRY_HOME="$DIST_DIR/apicurio-registry-$APICURIO_VERSION"

# shellcheck source=scripts/secure.sh
source "$PROJECT_ROOT/scripts/secure.sh"

# ---------------------------------------------------------------------------
# Process bookkeeping
# ---------------------------------------------------------------------------

# Every JVM we launch carries this system property. A pid only counts as "ours"
# if its command line has it, so a recycled pid (or another checkout's stack)
# is never mistaken for our process, and never killed by `stop`.
marker() { printf -- '-Dsupplyshock.stack=%s@%s' "$1" "$STACK_DIR"; }

pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }

# True if PID is alive and one of its arguments is exactly our marker for COMP.
is_our_process() {
  local pid="$1" comp="$2" m
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  m="$(marker "$comp")"
  if [[ -r "/proc/$pid/cmdline" ]]; then
    grep -qxFz -- "$m" "/proc/$pid/cmdline"
  else
    [[ " $(ps -ww -o args= -p "$pid" 2>/dev/null || true) " == *" $m "* ]]
  fi
}

# Prints the pid of a running component and returns 0; returns 1 (and cleans up a
# stale pid file) if it is not running. If the pid file is gone (e.g. the stack
# dir was wiped by `mvn clean` while running) the process is found by its marker
# instead, so `stop` can still stop it and `start` does not start a second one.
component_pid() {
  local comp="$1" pf pid=""
  pf="$(pid_file "$comp")"
  if [[ -f "$pf" ]]; then
    pid="$(<"$pf")"
    if is_our_process "$pid" "$comp"; then
      printf '%s\n' "$pid"
      return 0
    fi
    rm -f "$pf"
  fi
  if [[ -d /proc/self ]]; then
    local f
    for f in $(grep -lxFz -- "$(marker "$comp")" /proc/[0-9]*/cmdline 2>/dev/null || true); do
      pid="${f#/proc/}"
      pid="${pid%/cmdline}"
      # The grep itself matched its own argument; it has exited by now.
      if is_our_process "$pid" "$comp"; then
        if [[ -d "$RUN_DIR" ]]; then printf '%s\n' "$pid" >"$pf"; fi
        printf '%s\n' "$pid"
        return 0
      fi
    done
  fi
  return 1
}

# launch COMPONENT LOGFILE CMD... : start CMD detached from this shell (own session,
# no controlling terminal, stdin closed) so it outlives the script and the
# terminal. The pid is written by the child itself right before exec, so the pid
# file holds the JVM's pid, not a wrapper's.
launch() {
  local comp="$1" log="$2" pf
  shift 2
  pf="$(pid_file "$comp")"
  rm -f "$pf"
  # One log per run (plus the previous one), so a failure tail shows this run only.
  if [[ -f "$log" ]]; then mv -f "$log" "$log.prev"; fi
  printf '===== %s: started by scripts/stack.sh =====\n' "$(date '+%F %T')" >"$log"
  local -a detach=()
  if command -v setsid >/dev/null 2>&1; then
    detach=(setsid)
  fi
  # 9>&- : the child must not inherit the stack.lock descriptor, or the JVM would
  # hold the lock for its whole life and block every later stack.sh call.
  # shellcheck disable=SC2016 # $$ and $@ are for the child shell
  "${detach[@]}" nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pf" "$@" >>"$log" 2>&1 </dev/null 9>&- &
  local _
  for _ in $(seq 1 50); do
    [[ -s "$pf" ]] && break
    sleep 0.1
  done
  [[ -s "$pf" ]] || die "failed to launch $comp (see $log)"
}

# ---------------------------------------------------------------------------
# Artifacts
# ---------------------------------------------------------------------------

artifacts_ok() {
  [[ -f "$RESOLVED_STAMP" && -f "$KAFKA_CLASSPATH_FILE" && -f "$REGISTRY_HOME/quarkus-run.jar" ]] || return 1
  [[ "$(<"$RESOLVED_STAMP")" == "$(pom_fingerprint)" ]] || return 1
  # The classpath points into the local Maven repository, which may have been
  # pruned since; re-resolving is cheap compared to a broker dying on startup.
  local jar
  local -a jars
  IFS=':' read -r -a jars <"$KAFKA_CLASSPATH_FILE"
  for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || return 1
  done
}

pom_fingerprint() { cksum <"$STACK_SRC/pom.xml"; }

resolve_artifacts() {
  if artifacts_ok; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH; it is needed once to download Kafka and Apicurio Registry"
  mkdir -p "$DIST_DIR"
  # A shared dist dir may be resolved by two stacks at once; serialise, then
  # re-check in case the other one just finished. fd 8 is closed again below so
  # the JVMs launched later do not inherit it.
  if command -v flock >/dev/null 2>&1; then
    exec 8>"$DIST_DIR/.lock"
    flock -w 600 8 || die "timed out waiting for another stack.sh resolving into $DIST_DIR"
    if artifacts_ok; then
      exec 8>&-
      return 0
    fi
  fi
  info "resolving Kafka and Apicurio Registry with Maven into $DIST_DIR (first run only) ..."
  # Stale unpack markers would make Maven skip re-unpacking a deleted registry dir.
  rm -rf "$DIST_DIR/.maven" "$RESOLVED_STAMP"
  if ! mvn -B -q -f "$STACK_SRC/pom.xml" generate-resources -Dstack.dist.dir="$DIST_DIR" >"$LOG_DIR/resolve.log" 2>&1; then
    tail -n 30 "$LOG_DIR/resolve.log" >&2 || true
    die "Maven could not resolve the stack artifacts (full log: $LOG_DIR/resolve.log)"
  fi
  [[ -f "$REGISTRY_HOME/quarkus-run.jar" ]] || die "Apicurio Registry was not unpacked to $REGISTRY_HOME (see $LOG_DIR/resolve.log)"
  pom_fingerprint >"$RESOLVED_STAMP"
  exec 8>&-
}

kafka_classpath() {
  [[ -f "$KAFKA_CLASSPATH_FILE" ]] || die "Kafka is not downloaded yet; run: scripts/stack.sh start"
  printf '%s' "$(<"$KAFKA_CLASSPATH_FILE")"
}

# JDK 24+ prints a multi-line warning when Kafka uses sun.misc.Unsafe (mmap
# unmapping); that is expected for Kafka 4.x, so allow it quietly.
kafka_jvm_compat_opts() {
  if ((JAVA_MAJOR >= 23)); then
    printf '%s\n' --sun-misc-unsafe-memory-access=allow
  fi
}

# Sets KAFKA_TOOL_CMD to the java command line (up to the main class) for Kafka
# CLI tools: quiet logging (warnings to stderr only), small heap, C1 only since
# the tools are short-lived.
kafka_tool_cmd() {
  local cp
  local -a compat
  cp="$(kafka_classpath)"
  mapfile -t compat < <(kafka_jvm_compat_opts)
  KAFKA_TOOL_CMD=("$JAVA" "${compat[@]}" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
    -Djava.io.tmpdir="$TMP_DIR"
    -Dlog4j2.configurationFile="$STACK_SRC/log4j2-tools.properties"
    -cp "$cp")
}

# kafka_tool MAIN_CLASS ARGS...
kafka_tool() {
  kafka_tool_cmd
  "${KAFKA_TOOL_CMD[@]}" "$@"
}

# ---------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------

write_kafka_config() {
  # Regenerated on every start so port/partition overrides take effect; the
  # on-disk data does not depend on any of these values.
  local listeners
  if secure_enabled; then
    listeners="$(secure_listener_config)"
  else
    listeners="listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
  fi
  # Secure mode puts passwords in it.
  (umask 077 && : >"$KAFKA_DIR/server.properties")
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Generated by scripts/stack.sh -- edits are overwritten on the next start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
$listeners
log.dirs=$KAFKA_DATA_DIR

num.partitions=$KAFKA_PARTITIONS
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false

# Single node: every internal topic must make do with one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Consumers and Streams apps should not sit idle for 3s on every (re)join.
group.initial.rebalance.delay.ms=0
EOF
}

format_kafka_storage() {
  [[ -f "$KAFKA_DATA_DIR/meta.properties" ]] && return 0
  local cluster_id_file="$KAFKA_DIR/cluster.id" cluster_id
  if [[ ! -s "$cluster_id_file" ]]; then
    # Same shape as `kafka-storage random-uuid` (16 random bytes, base64url, no
    # padding, not starting with '-') without paying for another JVM start.
    cluster_id=""
    while [[ -z "$cluster_id" || "$cluster_id" == -* ]]; do
      cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
    printf '%s\n' "$cluster_id" >"$cluster_id_file"
  fi
  cluster_id="$(tr -d '[:space:]' <"$cluster_id_file")"
  info "formatting KRaft storage (cluster id $cluster_id)"
  # Static controller.quorum.voters, so none of --standalone/--initial-controllers.
  local -a scram=()
  if secure_enabled; then mapfile -t scram < <(secure_format_args); fi
  if ! kafka_tool kafka.tools.StorageTool format --ignore-formatted \
    --config "$KAFKA_DIR/server.properties" --cluster-id "$cluster_id" "${scram[@]}" >>"$LOG_DIR/kafka-format.log" 2>&1; then
    tail -n 20 "$LOG_DIR/kafka-format.log" >&2 || true
    die "formatting Kafka storage failed (see $LOG_DIR/kafka-format.log)"
  fi
}

start_kafka() {
  mkdir -p "$KAFKA_DIR" "$KAFKA_DATA_DIR"
  write_kafka_config
  format_kafka_storage
  local cp
  local -a compat
  cp="$(kafka_classpath)"
  mapfile -t compat < <(kafka_jvm_compat_opts)
  if [[ -f "$LOG_DIR/kafka-server.log" ]]; then
    mv -f "$LOG_DIR/kafka-server.log" "$LOG_DIR/kafka-server.log.prev"
  fi
  launch kafka "$LOG_DIR/kafka.out" \
    "$JAVA" "$(marker kafka)" "${compat[@]}" \
    -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Djava.net.preferIPv4Stack=true \
    -Djava.io.tmpdir="$TMP_DIR" \
    -Dkafka.logs.dir="$LOG_DIR" \
    -Dlog4j2.configurationFile="$STACK_SRC/log4j2-broker.properties" \
    -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties"
}

kafka_ready() {
  port_open "$KAFKA_PORT" || return 1
  # The broker binds its port long before it serves. Its own "started" log line
  # is a free signal that avoids spawning probe JVMs too early (each costs a few
  # seconds of CPU on a small machine, competing with the starting broker).
  local server_log="$LOG_DIR/kafka-server.log"
  if [[ -f "$server_log" ]] && ! grep -qF 'Kafka Server started' "$server_log"; then
    return 1
  fi
  # Then a real metadata round trip proves the broker is unfenced and the
  # controller answers. Short client timeouts so a failed attempt is retried
  # rather than sitting out the admin client's 60s default.
  local probe_config="$KAFKA_DIR/probe.properties"
  if [[ ! -f "$probe_config" ]]; then
    (
      umask 077
      printf '%s\n' request.timeout.ms=4000 default.api.timeout.ms=8000 \
        socket.connection.setup.timeout.ms=2000 >"$probe_config"
      if secure_enabled; then secure_client_properties admin >>"$probe_config"; fi
    )
  fi
  kafka_tool_cmd
  timeout 20 "${KAFKA_TOOL_CMD[@]}" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$BOOTSTRAP" --command-config "$probe_config" --list >/dev/null 2>&1
}

# ---------------------------------------------------------------------------
# Apicurio Registry
# ---------------------------------------------------------------------------

start_registry() {
  mkdir -p "$REGISTRY_DIR/db" "$REGISTRY_DIR/work"
  # - Both Quarkus listeners (API and management) default to 0.0.0.0; pin them.
  #   preferIPv4Stack makes them plain AF_INET sockets, so `ss` shows 127.0.0.1
  #   rather than the v4-mapped [::ffff:127.0.0.1] (same reachability, clearer audit).
  # - H2 in file mode keeps schemas across restarts (default is in-memory).
  # - Snapshot/import scratch dirs default to /tmp; keep everything in the stack dir.
  # Runs from the state dir so anything Quarkus writes relative to $PWD lands there.
  (
    cd "$REGISTRY_DIR"
    launch registry "$LOG_DIR/registry.log" \
      "$JAVA" "$(marker registry)" \
      -Xms128m -Xmx512m -Djava.awt.headless=true \
      -Djava.net.preferIPv4Stack=true \
      -Djava.io.tmpdir="$TMP_DIR" \
      -Dquarkus.http.host=127.0.0.1 \
      -Dquarkus.http.port="$REGISTRY_PORT" \
      -Dquarkus.management.host=127.0.0.1 \
      -Dquarkus.management.port="$REGISTRY_MGMT_PORT" \
      -Dapicurio.datasource.url="jdbc:h2:file:$REGISTRY_DIR/db/registry" \
      -Dapicurio.storage.snapshot.location="$REGISTRY_DIR/work" \
      -Dapicurio.import.work-dir="$REGISTRY_DIR/work" \
      -jar "$REGISTRY_HOME/quarkus-run.jar"
  )
}

registry_ready() {
  curl -fsS -o /dev/null --max-time 5 "$REGISTRY_URL/system/info" 2>/dev/null \
    && curl -fsS -o /dev/null --max-time 5 "$CCOMPAT_URL/subjects" 2>/dev/null
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

ensure_port_free() {
  local port="$1" var="$2" owner example
  if port_in_use "$port"; then
    owner="$(port_owner "$port")"
    example=$((port + 10000))
    ((example <= 65535)) || example=$((port - 10000))
    die "port $port is already in use${owner:+ by $owner}; stop that process or choose another port with $var=<port> (e.g. $var=$example scripts/stack.sh start)"
  fi
}

# Serialises start/stop/reset for one stack dir, so two concurrent `start`s
# (e.g. parallel test runs) cannot launch two brokers on the same data.
take_lock() {
  mkdir -p "$RUN_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$RUN_DIR/stack.lock"
    flock -w 300 9 || die "timed out waiting for another stack.sh on $STACK_DIR"
  fi
}

# wait_until DESC PID CHECK_FN LOG... : polls CHECK_FN with progress output; on
# timeout or process death prints the tail of each LOG and fails.
wait_until() {
  local desc="$1" pid="$2" check="$3" start=$SECONDS next_report=$((SECONDS + 5)) why=""
  shift 3
  while true; do
    if "$check"; then
      info "$desc is ready ($((SECONDS - start))s)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      why="exited during startup"
    elif ((SECONDS - start >= START_TIMEOUT)); then
      why="not ready after ${START_TIMEOUT}s (SUPPLYSHOCK_STACK_START_TIMEOUT)"
    fi
    if [[ -n "$why" ]]; then
      warn "$desc (pid $pid) $why"
      local log
      for log in "$@"; do
        if [[ -s "$log" ]]; then
          warn "---- last lines of $log ----"
          tail -n 25 "$log" >&2 || true
        fi
      done
      return 1
    fi
    if ((SECONDS >= next_report)); then
      info "  ... waiting for $desc ($((SECONDS - start))s)"
      next_report=$((SECONDS + 5))
    fi
    sleep 1
  done
}

cmd_start() {
  local secure=0
  while (($#)); do
    case "$1" in
      --secure) secure=1 ;;
      *) die "start takes only --secure, got '$1'" ;;
    esac
    shift
  done
  validate_config
  find_java
  take_lock
  mkdir -p "$DIST_DIR" "$RUN_DIR" "$LOG_DIR" "$TMP_DIR"
  if ((secure)); then secure_init; fi
  local t0=$SECONDS kafka_pid registry_pid started=0
  local -a launched=()

  kafka_pid="$(component_pid kafka)" || kafka_pid=""
  registry_pid="$(component_pid registry)" || registry_pid=""

  # Check every port we are about to bind before launching anything, so a clash
  # never leaves a half-started stack behind.
  if [[ -z "$kafka_pid" ]]; then
    ensure_port_free "$KAFKA_PORT" SUPPLYSHOCK_KAFKA_PORT
    ensure_port_free "$CONTROLLER_PORT" SUPPLYSHOCK_CONTROLLER_PORT
  fi
  if [[ -z "$registry_pid" ]]; then
    ensure_port_free "$REGISTRY_PORT" SUPPLYSHOCK_REGISTRY_PORT
    ensure_port_free "$REGISTRY_MGMT_PORT" SUPPLYSHOCK_REGISTRY_MGMT_PORT
  fi

  if [[ -z "$kafka_pid" || -z "$registry_pid" ]]; then
    resolve_artifacts
    info "using Java $JAVA_MAJOR from $JAVA_HOME; stack dir $STACK_DIR"
  fi

  # Launch both before waiting for either: their startups overlap.
  if [[ -n "$kafka_pid" ]]; then
    info "Kafka already running (pid $kafka_pid)"
  else
    info "starting Kafka on $BOOTSTRAP (controller 127.0.0.1:$CONTROLLER_PORT)"
    start_kafka
    kafka_pid="$(<"$(pid_file kafka)")"
    launched+=("$kafka_pid")
    started=1
  fi
  if [[ -n "$registry_pid" ]]; then
    info "Apicurio Registry already running (pid $registry_pid)"
  else
    info "starting Apicurio Registry on $REGISTRY_BASE (management 127.0.0.1:$REGISTRY_MGMT_PORT)"
    start_registry
    registry_pid="$(<"$(pid_file registry)")"
    launched+=("$registry_pid")
    started=1
  fi

  local ok=1
  wait_until "Kafka" "$kafka_pid" kafka_ready "$LOG_DIR/kafka.out" "$LOG_DIR/kafka-server.log" || ok=0
  if ((ok)); then
    wait_until "Apicurio Registry" "$registry_pid" registry_ready "$LOG_DIR/registry.log" || ok=0
  fi
  if ((!ok)); then
    # Don't leave half a stack behind (a test harness would leak it); the logs
    # stay for inspection. Processes that were already running are left alone.
    if ((${#launched[@]})); then
      warn "stopping what this run started: ${launched[*]}"
      stop_pids "${launched[@]}"
      # component_pid drops pid files of dead processes only.
      component_pid kafka >/dev/null || true
      component_pid registry >/dev/null || true
    fi
    die "stack did not become ready (logs in $LOG_DIR)"
  fi
  if secure_enabled; then secure_create_acls; fi

  if ((started)); then
    info "stack is up in $((SECONDS - t0))s"
  else
    info "stack was already running"
  fi
  cat <<EOF
Kafka bootstrap servers : $BOOTSTRAP
Registry (Apicurio v3)  : $REGISTRY_URL
Registry (Confluent API): $CCOMPAT_URL
Logs                    : $LOG_DIR
Use in a shell          : eval "\$(scripts/stack.sh env)"
EOF
  if secure_enabled; then
    cat <<EOF
Security                : SASL_SSL + SCRAM-SHA-512; passwords, truststore, client properties in $SECURE_DIR
                          eval "\$(scripts/stack.sh env --as app|publisher|consumer|admin)"
EOF
  fi
}

# stop_pids PID... : TERM all, wait for all with one shared deadline, KILL leftovers.
stop_pids() {
  local pid deadline alive
  for pid in "$@"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + STOP_TIMEOUT))
  while ((SECONDS < deadline)); do
    alive=0
    for pid in "$@"; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    ((alive)) || return 0
    sleep 0.5
  done
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then
      warn "pid $pid did not stop within ${STOP_TIMEOUT}s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  sleep 0.5
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
    if pid="$(component_pid "$comp")"; then
      info "stopping $comp (pid $pid)"
      pids+=("$pid")
    else
      info "$comp is not running"
    fi
  done
  if ((${#pids[@]})); then
    stop_pids "${pids[@]}"
  fi
  for comp in "${comps[@]}"; do rm -f "$(pid_file "$comp")"; done
  info "stopped ${comps[*]}"
}

# status: a component counts as up when its process is alive AND its main port
# accepts connections (a broker still starting is reported as such, exit 3).
cmd_status() {
  local rc=0 pid state
  if pid="$(component_pid kafka)"; then
    state="running"
    if ! port_open "$KAFKA_PORT"; then state="starting"; rc=3; fi
    printf 'kafka     %-8s pid %-8s bootstrap %s  controller 127.0.0.1:%s\n' "$state" "$pid" "$BOOTSTRAP" "$CONTROLLER_PORT"
  else
    printf 'kafka     %-8s %-12s bootstrap %s  controller 127.0.0.1:%s\n' stopped "" "$BOOTSTRAP" "$CONTROLLER_PORT"
    rc=3
  fi
  if pid="$(component_pid registry)"; then
    state="running"
    if ! port_open "$REGISTRY_PORT"; then state="starting"; rc=3; fi
    printf 'registry  %-8s pid %-8s url %s  ccompat %s  management http://127.0.0.1:%s\n' "$state" "$pid" "$REGISTRY_URL" "$CCOMPAT_URL" "$REGISTRY_MGMT_PORT"
  else
    printf 'registry  %-8s %-12s url %s  ccompat %s  management http://127.0.0.1:%s\n' stopped "" "$REGISTRY_URL" "$CCOMPAT_URL" "$REGISTRY_MGMT_PORT"
    rc=3
  fi
  printf 'stack dir %s\n' "$STACK_DIR"
  return "$rc"
}

cmd_env() {
  local as="" want_secure=0
  while (($#)); do
    case "$1" in
      --secure) want_secure=1 ;;
      --as) as="${2:-}"; shift ;;
      --as=*) as="${1#--as=}" ;;
      *) die "usage: scripts/stack.sh env [--secure] [--as admin|app|publisher|consumer]" ;;
    esac
    shift
  done
  # Credentials first: a refusal must not leave half an environment for `eval` to apply.
  local credentials=""
  if ((want_secure)) || [[ -n "$as" ]] || secure_enabled; then credentials="$(secure_env "${as:-app}")" || exit 1; fi
  printf 'export SUPPLYSHOCK_BOOTSTRAP_SERVERS=%s\n' "$BOOTSTRAP"
  printf 'export SUPPLYSHOCK_REGISTRY_URL=%s\n' "$REGISTRY_URL"
  if [[ -n "$credentials" ]]; then printf '%s\n' "$credentials"; fi
}

cmd_logs() {
  local -a files=()
  case "${1:-all}" in
    kafka) files=("$LOG_DIR/kafka-server.log" "$LOG_DIR/kafka.out") ;;
    registry) files=("$LOG_DIR/registry.log") ;;
    all) files=("$LOG_DIR/kafka-server.log" "$LOG_DIR/kafka.out" "$LOG_DIR/registry.log") ;;
    *) die "usage: scripts/stack.sh logs [kafka|registry]" ;;
  esac
  exec tail -n 50 -F "${files[@]}"
}

cmd_topics() {
  find_java
  mkdir -p "$TMP_DIR"
  local -a auth=()
  if secure_enabled; then auth=(--command-config "$SECURE_DIR/client-admin.properties"); fi
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" "${auth[@]}" "$@"
}

cmd_kafka_tool() {
  (($# >= 1)) || die "usage: scripts/stack.sh kafka-tool MAIN_CLASS [ARGS...]  (bootstrap server: $BOOTSTRAP)"
  find_java
  mkdir -p "$TMP_DIR"
  kafka_tool "$@"
}

cmd_reset() {
  cmd_stop
  info "deleting Kafka data and registry database under $STACK_DIR"
  # The app's local state describes the topics being deleted, so it goes too (stop the app first: scripts/app.sh stop).
  # The secure mode's certificates and passwords go too: the next start is plaintext unless --secure.
  rm -rf "$KAFKA_DIR" "$REGISTRY_DIR" "$TMP_DIR" "$STACK_DIR/app-state" "$STACK_DIR/demo" "$SECURE_DIR"
}

usage() {
  local rc="${1:-2}"
  if ((rc == 0)); then
    sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  else
    sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  fi
  exit "$rc"
}

main() {
  local cmd="${1:-}"
  if (($#)); then shift; fi
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart)
      cmd_stop
      cmd_start
      ;;
    status) cmd_status ;;
    env) cmd_env "$@" ;;
    logs) cmd_logs "$@" ;;
    topics) cmd_topics "$@" ;;
    kafka-tool) cmd_kafka_tool "$@" ;;
    reset) cmd_reset ;;
    -h | --help | help) usage 0 ;;
    "") usage 2 ;;
    *)
      warn "unknown command: $cmd"
      usage 2
      ;;
  esac
}

main "$@"
