#!/usr/bin/env bash
# Prints alerts from supply.alerts as they arrive, decoded through the registry; for people by
# default, one JSON object per line with --json (for jq or another program).
#   scripts/tail-alerts.sh [--json] [--from-beginning] [--max N] [--idle-exit SECONDS]
# Connection settings as for every tool: SUPPLYSHOCK_BOOTSTRAP_SERVERS, SUPPLYSHOCK_REGISTRY_URL
# (eval "$(scripts/stack.sh env)" for the local stack).
exec "$(dirname "${BASH_SOURCE[0]}")/supplyshock.sh" tail-alerts "$@"
