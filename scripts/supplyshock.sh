#!/usr/bin/env bash
# Runs one of the application's commands (publish, summary, create-topics, ...) with a JDK >= 21.
# Builds the jar first if it is missing. `scripts/supplyshock.sh help` lists the commands.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAR="$PROJECT_ROOT/streams-app/target/supplyshock.jar"
find_java
if [[ ! -f "$JAR" ]]; then
  info "building $JAR (first use)"
  (cd "$PROJECT_ROOT" && mvn -B -q -ntp package -DskipTests) || die "build failed"
fi
exec "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
