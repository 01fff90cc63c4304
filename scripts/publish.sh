#!/usr/bin/env bash
# Publishes a JSON Lines file of news-derived events (format of sample-data/README.md) as Avro.
#   scripts/publish.sh FILE.jsonl [--rejects REJECTS.jsonl] [--dry-run] [--keep-file-order]
# Every line is accounted for: published (to which topic) or rejected with its line number and reason.
exec "$(dirname "${BASH_SOURCE[0]}")/supplyshock.sh" publish "$@"
