#!/usr/bin/env bash
# Replays a JSON Lines file of events through the topology in-process (no broker needed) and scores
# its alerts against analyst labels. Prints one row per labelled event and the totals.
#   scripts/evaluate.sh EVENTS.jsonl LABELS.csv
#   scripts/evaluate.sh            # the sample data against the shipped seed labels
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if (($# == 0)); then
  set -- "$PROJECT_ROOT/sample-data/seed-events.jsonl" "$PROJECT_ROOT/harness/src/test/resources/evaluation/seed-labels.csv"
fi
find_java
jar_command io.supplyshock.harness.HarnessMain "$HARNESS_JAR"
exec "${JAR_CMD[@]}" evaluate "$@"
