#!/usr/bin/env bash
# JMH microbenchmarks of the hot domain code (vocabulary, severity, exposure row, Avro round trip, the state
# stage's write of one fact), outside the test run. With no arguments each benchmark runs with the settings it
# declares (benchmarks/.../Settings.java: 10 forks of 4 warm-up and 5 measured iterations of 1 s, 20 forks for the
# Avro decode and the whole-state fold, a fixed heap and synchronous compilation), about 21 minutes; see docs/benchmarks.md for the errors
# this gives on the two-core build machine. Any JMH option passes through and overrides them, e.g.
# scripts/jmh.sh -f 1 -i 3 StateWrite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_java
JAR="$PROJECT_ROOT/benchmarks/target/benchmarks.jar"
require_jar "$JAR"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
