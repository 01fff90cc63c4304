# shellcheck shell=bash
# Shared helpers for Supplyshock scripts. Source it, don't execute it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Kept free of side effects beyond setting PROJECT_ROOT, so any script (or an
# interactive shell) can source it cheaply.

if [[ -n "${SUPPLYSHOCK_LIB_SOURCED:-}" ]]; then
  return 0
fi
SUPPLYSHOCK_LIB_SOURCED=1

# Resolved from this file's location, not $PWD, so scripts work from any directory.
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export PROJECT_ROOT

SUPPLYSHOCK_MIN_JAVA=21

# The jar users run (the app and its tools), and the harness jar (bench, chaos, evaluate) that is never shipped.
SUPPLYSHOCK_JAR="$PROJECT_ROOT/tools/target/supplyshock.jar"
HARNESS_JAR="$PROJECT_ROOT/harness/target/supplyshock-harness.jar"

# ---------------------------------------------------------------------------
# Logging. Everything goes to stderr so stdout stays machine-readable
# (e.g. `stack.sh env` output can be eval'ed).
# ---------------------------------------------------------------------------
info() { printf '[supplyshock] %s\n' "$*" >&2; }
warn() { printf '[supplyshock] WARN: %s\n' "$*" >&2; }
die() {
  printf '[supplyshock] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------
# Java discovery
# ---------------------------------------------------------------------------

# Prints the feature (major) version of the java launcher at $1, or nothing if it
# does not run. Handles both "1.8.0_402" and "21.0.2" styles.
java_major_version() {
  local java_bin="$1" line ver
  [[ -x "$java_bin" ]] || return 1
  line="$("$java_bin" -version 2>&1 | grep -m1 -E 'version "[^"]+"')" || return 1
  ver="${line#*version \"}"
  ver="${ver%%\"*}"
  if [[ "$ver" == 1.* ]]; then
    ver="${ver#1.}"
  fi
  ver="${ver%%[.+-]*}"
  [[ "$ver" =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$ver"
}

# A usable JDK home has a java launcher of the right version and javac: the same
# JAVA_HOME is handed to Maven, which must compile for Java 21.
# The JDK's `release` file is read first because starting a JVM per candidate
# costs seconds on a loaded machine; `java -version` is the fallback.
_jdk_home_version() {
  local home="$1" v=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  if [[ -f "$home/release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n1)"
    if [[ "$v" == 1.* ]]; then v="${v#1.}"; fi
    v="${v%%[.+-]*}"
  fi
  if ! [[ "$v" =~ ^[0-9]+$ ]]; then
    v="$(java_major_version "$home/bin/java")" || return 1
  fi
  printf '%s\n' "$v"
}

# Sets and exports JAVA_HOME and JAVA (path of the java launcher) to a JDK >= 21
# and puts it first on PATH so mvn and any child process agree on the JDK.
# Honours an explicit JAVA_HOME if it is new enough; otherwise picks the highest
# version found in the usual install locations.
find_java() {
  local v best_home="" best_v=0 cand path_java
  if [[ -n "${JAVA_HOME:-}" ]]; then
    if v="$(_jdk_home_version "$JAVA_HOME")" && ((v >= SUPPLYSHOCK_MIN_JAVA)); then
      best_home="$JAVA_HOME"
      best_v="$v"
    else
      warn "JAVA_HOME=$JAVA_HOME is not a JDK >= $SUPPLYSHOCK_MIN_JAVA (found: ${v:-unusable}); searching for another JDK"
    fi
  fi

  if [[ -z "$best_home" ]]; then
    local -a candidates=()
    # The java on PATH may be a symlink farm (/usr/bin/java -> alternatives -> ...).
    if path_java="$(command -v java 2>/dev/null)"; then
      path_java="$(readlink -f "$path_java")"
      candidates+=("${path_java%/bin/java}")
    fi
    local pattern
    for pattern in \
      /usr/lib/jvm/* \
      /usr/java/* \
      /usr/local/lib/jvm/* \
      /opt/java/* \
      /opt/jdk* \
      /opt/*jdk* \
      "$HOME"/.sdkman/candidates/java/* \
      "$HOME"/.jdks/* \
      "$HOME"/.asdf/installs/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      if [[ -d "$pattern" ]]; then candidates+=("$pattern"); fi
    done
    for cand in "${candidates[@]}"; do
      cand="$(readlink -f "$cand")"
      v="$(_jdk_home_version "$cand")" || continue
      if ((v >= SUPPLYSHOCK_MIN_JAVA && v > best_v)); then
        best_v="$v"
        best_home="$cand"
      fi
    done
  fi

  if [[ -z "$best_home" ]]; then
    die "Supplyshock needs a JDK >= $SUPPLYSHOCK_MIN_JAVA; set JAVA_HOME to one (none found in JAVA_HOME, PATH, /usr/lib/jvm, /opt, ~/.sdkman, ...)"
  fi

  JAVA_HOME="$best_home"
  JAVA="$JAVA_HOME/bin/java"
  JAVA_MAJOR="$best_v"
  export JAVA_HOME JAVA JAVA_MAJOR
  # Options for every JVM that runs the jar, so its stderr carries no warning a user cannot act on:
  # native access (RocksDB, compression codecs) and, on JDK 24+, Netty's sun.misc.Unsafe memory access
  # (Netty comes with the registry serdes' Vert.x client).
  JAVA_QUIET_OPTS=(--enable-native-access=ALL-UNNAMED)
  if ((JAVA_MAJOR >= 24)); then
    JAVA_QUIET_OPTS+=(--sun-misc-unsafe-memory-access=allow)
  fi
  case ":$PATH:" in
    *":$JAVA_HOME/bin:"*) ;;
    *) PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  export PATH
}

# ---------------------------------------------------------------------------
# Ports and readiness
# ---------------------------------------------------------------------------

# True if something listens on TCP PORT on an address that would clash with a
# 127.0.0.1 bind (loopback, wildcard v4/v6, v4-mapped loopback).
port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn 2>/dev/null | awk -v p="$port" '
      { addr = $4
        if (addr ~ ("^(127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\*|\\[::\\]|\\[::ffff:127\\.0\\.0\\.1\\]|\\[::1\\]):" p "$")) found = 1 }
      END { exit found ? 0 : 1 }'
    return
  fi
  # Fallback without iproute2: try to connect. Misses wildcard binds on other
  # interfaces only, which cannot clash with our loopback listeners anyway.
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Best-effort description of who holds PORT ("pid 123 (python3)"), for error messages.
port_owner() {
  local port="$1" line
  command -v ss >/dev/null 2>&1 || return 0
  line="$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n1)"
  if [[ "$line" =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
    printf 'pid %s (%s)' "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}"
  fi
}

# True if PORT is accepting TCP connections on 127.0.0.1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_for_port PORT TIMEOUT_SECONDS [PID]
# Polls until 127.0.0.1:PORT accepts connections. If PID is given, gives up early
# when that process dies, instead of waiting out the whole timeout.
wait_for_port() {
  local port="$1" timeout="${2:-60}" pid="${3:-}" deadline
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    port_open "$port" && return 0
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.5
  done
  return 1
}

# wait_for_http URL TIMEOUT_SECONDS [PID]
# Polls until URL answers with HTTP 2xx. PID as for wait_for_port.
wait_for_http() {
  local url="$1" timeout="${2:-60}" pid="${3:-}" deadline
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.5
  done
  return 1
}

# own_stack PREFIX DIR KAFKA CONTROLLER REGISTRY MGMT: a stack of the harness's own (folder and ports), each
# overridable with SUPPLYSHOCK_<PREFIX>_STACK_DIR, _KAFKA_PORT, _CONTROLLER_PORT, _REGISTRY_PORT, _REGISTRY_MGMT_PORT.
own_stack() {
  local prefix="$1"
  local var
  var="SUPPLYSHOCK_${prefix}_STACK_DIR"; export SUPPLYSHOCK_STACK_DIR="${!var:-$PROJECT_ROOT/$2}"
  var="SUPPLYSHOCK_${prefix}_KAFKA_PORT"; export SUPPLYSHOCK_KAFKA_PORT="${!var:-$3}"
  var="SUPPLYSHOCK_${prefix}_CONTROLLER_PORT"; export SUPPLYSHOCK_CONTROLLER_PORT="${!var:-$4}"
  var="SUPPLYSHOCK_${prefix}_REGISTRY_PORT"; export SUPPLYSHOCK_REGISTRY_PORT="${!var:-$5}"
  var="SUPPLYSHOCK_${prefix}_REGISTRY_MGMT_PORT"; export SUPPLYSHOCK_REGISTRY_MGMT_PORT="${!var:-$6}"
}

# require_jar JAR: builds the project when JAR is missing (the first use from a fresh clone).
require_jar() {
  [[ -f "$1" ]] && return 0
  info "building $1 (first use)"
  (cd "$PROJECT_ROOT" && mvn -B -q -ntp package -DskipTests) || die "build failed"
}

# run_java MAIN_CLASS JAR ARGS...: runs the jar, or MAIN_CLASS on SUPPLYSHOCK_CLASSPATH when that is set
# (tests, IDE builds). Needs find_java first.
run_java() {
  local main="$1" jar="$2"
  shift 2
  if [[ -n "${SUPPLYSHOCK_CLASSPATH:-}" ]]; then
    exec "$JAVA" "${JAVA_QUIET_OPTS[@]}" -cp "$SUPPLYSHOCK_CLASSPATH" "$main" "$@"
  fi
  require_jar "$jar"
  exec "$JAVA" "${JAVA_QUIET_OPTS[@]}" -jar "$jar" "$@"
}
