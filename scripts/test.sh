#!/usr/bin/env bash
# The project's one test command: unit tests, TopologyTestDriver tests and integration tests
# against a real Kafka broker and Apicurio Registry (started by the tests on free loopback ports).
#   scripts/test.sh            # everything (mvn verify)
#   scripts/test.sh -o         # extra Maven arguments are passed through
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_java
info "JDK $JAVA_MAJOR at $JAVA_HOME"
cd "$PROJECT_ROOT"
exec mvn -B -ntp verify "$@"
