# shellcheck shell=bash
# Shared helpers for Supplyshock scripts: source "$(dirname "${BASH_SOURCE[0]}")/lib.sh". It only defines variables and
# functions, so any script (or an interactive shell) can source it cheaply.

# Resolved from this file's location, not $PWD, so scripts work from any directory.
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export PROJECT_ROOT
SUPPLYSHOCK_MIN_JAVA=21
# The jar users run (the app and its tools), and the harness jar (bench, chaos, evaluate) that is never shipped.
SUPPLYSHOCK_JAR="$PROJECT_ROOT/tools/target/supplyshock.jar"
HARNESS_JAR="$PROJECT_ROOT/harness/target/supplyshock-harness.jar"

# Everything goes to stderr so stdout stays machine-readable (`stack.sh env` output is eval'ed).
info() { printf '[supplyshock] %s\n' "$*" >&2; }
warn() { printf '[supplyshock] WARN: %s\n' "$*" >&2; }
die() { printf '[supplyshock] ERROR: %s\n' "$*" >&2 && exit 1; }

# Prints the feature version of the JDK at $1; it needs javac too, since the same JAVA_HOME goes to Maven.
# The `release` file comes first: starting a JVM per candidate costs seconds on a loaded machine.
jdk_version() {
  local home="$1" v=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  if [[ -f "$home/release" ]]; then v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n1)"; fi
  if [[ -z "$v" ]]; then v="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"; fi
  v="${v#1.}" && v="${v%%[.+-]*}"
  [[ "$v" =~ ^[0-9]+$ ]] && printf '%s\n' "$v"
}

# Sets and exports JAVA_HOME, JAVA and JAVA_MAJOR for a JDK >= 21 and puts it first on PATH, so mvn and every child
# process agree on it. An explicit JAVA_HOME wins if it is new enough; otherwise the newest JDK in the usual places.
find_java() {
  local v best_home="" best_v=0 cand
  if [[ -n "${JAVA_HOME:-}" ]]; then
    if v="$(jdk_version "$JAVA_HOME")" && ((v >= SUPPLYSHOCK_MIN_JAVA)); then
      best_home="$JAVA_HOME" best_v="$v"
    else
      warn "JAVA_HOME=$JAVA_HOME is not a JDK >= $SUPPLYSHOCK_MIN_JAVA (found: ${v:-unusable}); searching for another JDK"
    fi
  fi
  if [[ -z "$best_home" ]]; then
    local -a candidates=()
    # The java on PATH may be a symlink farm (/usr/bin/java -> alternatives -> ...).
    if cand="$(command -v java 2>/dev/null)"; then cand="$(readlink -f "$cand")" && candidates+=("${cand%/bin/java}"); fi
    candidates+=(/usr/lib/jvm/* /usr/java/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /opt/*jdk* "$HOME"/.sdkman/candidates/java/*
      "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home)
    for cand in "${candidates[@]}"; do
      [[ -d "$cand" ]] || continue
      cand="$(readlink -f "$cand")"
      v="$(jdk_version "$cand")" || continue
      if ((v >= SUPPLYSHOCK_MIN_JAVA && v > best_v)); then best_home="$cand" best_v="$v"; fi
    done
  fi
  [[ -n "$best_home" ]] || die "Supplyshock needs a JDK >= $SUPPLYSHOCK_MIN_JAVA; set JAVA_HOME to one (none found in JAVA_HOME, PATH, /usr/lib/jvm, /opt, ~/.sdkman, ...)"
  export JAVA_HOME="$best_home" JAVA="$best_home/bin/java" JAVA_MAJOR="$best_v"
  # For every JVM that runs the jar, so its stderr carries no warning a user cannot act on: native access (RocksDB,
  # compression codecs) and, on JDK 24+, Netty's sun.misc.Unsafe memory access (the registry serdes' Vert.x client).
  JAVA_QUIET_OPTS=(--enable-native-access=ALL-UNNAMED)
  if ((JAVA_MAJOR >= 24)); then JAVA_QUIET_OPTS+=(--sun-misc-unsafe-memory-access=allow); fi
  [[ ":$PATH:" == *":$JAVA_HOME/bin:"* ]] || export PATH="$JAVA_HOME/bin:$PATH"
}

# require_jar JAR: builds the project when JAR is missing (the first use from a fresh clone).
require_jar() {
  [[ -f "$1" ]] && return 0
  info "building $1 (first use)"
  (cd "$PROJECT_ROOT" && mvn -B -q -ntp package -DskipTests) || die "build failed"
}

# jar_command MAIN JAR [JVM_OPTION...]: sets JAR_CMD to the java command that runs JAR, or MAIN on
# SUPPLYSHOCK_CLASSPATH when that is set (tests, IDE builds). Needs find_java first.
jar_command() {
  local main="$1" jar="$2"
  shift 2
  if [[ -n "${SUPPLYSHOCK_CLASSPATH:-}" ]]; then
    JAR_CMD=("$JAVA" "${JAVA_QUIET_OPTS[@]}" "$@" -cp "$SUPPLYSHOCK_CLASSPATH" "$main")
  else
    require_jar "$jar"
    JAR_CMD=("$JAVA" "${JAVA_QUIET_OPTS[@]}" "$@" -jar "$jar")
  fi
}

# The stack folder (SUPPLYSHOCK_STACK_DIR), absolute and canonical even before it exists: it goes into config
# files and process markers, which must not depend on the caller's working directory.
stack_dir() {
  local dir="${SUPPLYSHOCK_STACK_DIR:-$PROJECT_ROOT/.stack}"
  realpath -m -- "$dir" 2>/dev/null || { mkdir -p "$dir" && (cd "$dir" && pwd -P); }
}

# own_stack PREFIX DIR KAFKA CONTROLLER REGISTRY MGMT HTTP: a harness's own stack folder and ports, and its app's HTTP
# port, each overridable with SUPPLYSHOCK_<PREFIX>_STACK_DIR, _KAFKA_PORT, ... _REGISTRY_MGMT_PORT, _HTTP_PORT.
own_stack() {
  local prefix="$1" setting var
  set -- "$PROJECT_ROOT/$2" "${@:3}"
  for setting in STACK_DIR KAFKA_PORT CONTROLLER_PORT REGISTRY_PORT REGISTRY_MGMT_PORT HTTP_PORT; do
    var="SUPPLYSHOCK_${prefix}_$setting"
    export "SUPPLYSHOCK_$setting=${!var:-$1}"
    shift
  done
}

# fresh_stack APPLICATION_ID: empties and starts the stack own_stack chose and points the app's settings at it, so that
# every harness run starts from the same state.
fresh_stack() {
  "$PROJECT_ROOT/scripts/stack.sh" reset >/dev/null
  "$PROJECT_ROOT/scripts/stack.sh" start >/dev/null
  eval "$("$PROJECT_ROOT/scripts/stack.sh" env)"
  export SUPPLYSHOCK_APPLICATION_ID="$1" SUPPLYSHOCK_STATE_DIR="$SUPPLYSHOCK_STACK_DIR/app-state" SUPPLYSHOCK_LOG_LEVEL="${SUPPLYSHOCK_LOG_LEVEL:-WARN}"
  rm -rf "$SUPPLYSHOCK_STATE_DIR"
}

# True if 127.0.0.1:PORT accepts TCP connections.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# is_our_process PID ARG: PID is alive and one of its arguments is exactly ARG (a marker, or a path only our launch
# uses), so a recycled pid or another checkout's process is never taken for ours, nor stopped.
is_our_process() {
  local pid="$1" arg="$2"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    grep -qxFz -- "$arg" "/proc/$pid/cmdline"
  else
    [[ " $(ps -ww -o args= -p "$pid" 2>/dev/null || true) " == *" $arg "* ]]
  fi
}

# find_pid PIDFILE ARG: prints the pid of our running process, or returns 1 (dropping a stale pid file). Without a pid
# file (the folder wiped by `mvn clean` while it ran) the process is found by ARG, so `stop` can still stop it.
find_pid() {
  local pf="$1" arg="$2" pid f
  if [[ -f "$pf" ]]; then
    pid="$(<"$pf")"
    if is_our_process "$pid" "$arg"; then printf '%s\n' "$pid" && return 0; fi
    rm -f "$pf"
  fi
  [[ -d /proc/self ]] || return 1
  for f in $(grep -lxFz -- "$arg" /proc/[0-9]*/cmdline 2>/dev/null || true); do
    pid="${f#/proc/}" pid="${pid%/cmdline}"
    # The grep matched its own argument too; it has exited by now.
    if is_our_process "$pid" "$arg"; then
      if [[ -d "${pf%/*}" ]]; then printf '%s\n' "$pid" >"$pf"; fi
      printf '%s\n' "$pid" && return 0
    fi
  done
  return 1
}

# launch PIDFILE LOG CMD...: starts CMD detached (own session, stdin closed), so it outlives the script and the
# terminal. The child writes its own pid right before exec, so the file holds the JVM's pid, not a wrapper's.
launch() {
  local pf="$1" log="$2" _
  shift 2
  rm -f "$pf"
  # One log per run (plus the previous one), so a failure tail shows this run only.
  if [[ -f "$log" ]]; then mv -f "$log" "$log.prev"; fi
  printf '===== %s: started by %s =====\n' "$(date '+%F %T')" "${0##*/}" >"$log"
  local -a detach=()
  if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi
  # 9>&- : the child must not inherit stack.sh's lock descriptor, or it would hold the lock for its whole life.
  # shellcheck disable=SC2016 # $$ and $@ are for the child shell
  "${detach[@]}" nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pf" "$@" >>"$log" 2>&1 </dev/null 9>&- &
  for _ in {1..50}; do [[ -s "$pf" ]] && return 0; sleep 0.1; done
  die "failed to launch $* (see $log)"
}

# stop_pids GRACE_SECONDS PID...: TERM all, wait for all with one shared deadline, KILL what is left.
stop_pids() {
  local grace="$1" deadline=$((SECONDS + $1)) pid alive
  shift
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  while ((SECONDS < deadline)); do
    alive=0
    for pid in "$@"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    ((alive)) || return 0
    sleep 0.5
  done
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then warn "pid $pid did not stop within ${grace}s; sending KILL" && kill -KILL "$pid" 2>/dev/null || true; fi
  done
  sleep 0.5
}
