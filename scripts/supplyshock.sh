#!/usr/bin/env bash
# Runs one of the application's commands (run, publish, summary, create-topics, ...) with a JDK >= 21.
# Builds the jar first if it is missing. `scripts/supplyshock.sh --help` lists the commands,
# `scripts/supplyshock.sh COMMAND --help` describes one. SUPPLYSHOCK_CLASSPATH runs the classes on that
# class path instead of the jar (tests, IDE builds).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_java
jar_command io.supplyshock.Main "$SUPPLYSHOCK_JAR"
exec "${JAR_CMD[@]}" "$@"
