#!/usr/bin/env bash
# JMH microbenchmarks of the hot domain code (vocabulary, severity, exposure row, Avro round trip, the state
# stage's write of one fact), outside the test run. By default three forks of 3 warm-up and 5 measured
# iterations of 1 s (about 5 minutes; on the two-core build machine, even idle, the errors were 14-47%, see
# docs/benchmarks.md: pass more forks, e.g. -f 10, for tighter figures). Any
# JMH option passes through, e.g. scripts/jmh.sh -f 1 -i 3 StateWrite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_java
JAR="$PROJECT_ROOT/benchmarks/target/benchmarks.jar"
require_jar "$JAR"
if (($# == 0)); then set -- -f 3 -wi 3 -i 5 -w 1s -r 1s; fi
exec "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
