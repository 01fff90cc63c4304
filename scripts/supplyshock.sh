#!/usr/bin/env bash
# Runs one of the application's commands (publish, summary, create-topics, ...) with a JDK >= 21.
# Builds the jar first if it is missing. `scripts/supplyshock.sh --help` lists the commands,
# `scripts/supplyshock.sh COMMAND --help` describes one. SUPPLYSHOCK_CLASSPATH runs the classes on that
# class path instead of the jar (tests, IDE builds).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAR="$PROJECT_ROOT/streams-app/target/supplyshock.jar"
find_java
if [[ -n "${SUPPLYSHOCK_CLASSPATH:-}" ]]; then
  exec "$JAVA" "${JAVA_QUIET_OPTS[@]}" -cp "$SUPPLYSHOCK_CLASSPATH" io.supplyshock.Main "$@"
fi
if [[ ! -f "$JAR" ]]; then
  info "building $JAR (first use)"
  (cd "$PROJECT_ROOT" && mvn -B -q -ntp package -DskipTests) || die "build failed"
fi
exec "$JAVA" "${JAVA_QUIET_OPTS[@]}" -jar "$JAR" "$@"
