#!/usr/bin/env bash
# JMH microbenchmarks of the hot domain code (vocabulary, severity, exposure row, Avro round trip), outside
# the test run. Short by default (one fork, 2 warm-up and 3 measured iterations of 1 s each); any JMH
# option passes through, e.g. scripts/jmh.sh -f 3 -i 5.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_java
JAR="$PROJECT_ROOT/benchmarks/target/benchmarks.jar"
require_jar "$JAR"
if (($# == 0)); then set -- -f 1 -wi 2 -i 3 -w 1s -r 1s; fi
exec "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
