#!/usr/bin/env bash
# One-shot ACL container of the compose 'secure' profile (image apache/kafka): the ACLs of
# streams-app/src/main/java/io/supplyshock/security/SecureAcls.java (what scripts/stack.sh start --secure
# creates), made with kafka-acls as the admin principal. Creating an existing ACL is a no-op.
set -euo pipefail
acls() { /opt/kafka/bin/kafka-acls.sh --bootstrap-server kafka-secure:9095 --command-config /secure/client-admin.properties --add "$@"; }
INPUTS=(--topic supply.policy-events --topic supply.market-events --topic supply.disruption-events --topic supply.commodity-profiles --topic supply.exposure-profiles)
OUTPUTS=(--topic supply.alerts --topic supply.exposures --topic supply.commodity-state)
APP=User:supplyshock-app PUB=User:supplyshock-publisher CON=User:supplyshock-consumer

acls --allow-principal "$APP" --operation Read "${INPUTS[@]}" --topic supply.publisher-reports
acls --allow-principal "$APP" --operation Write "${OUTPUTS[@]}" --topic supply.dead-letters
acls --allow-principal "$APP" --resource-pattern-type prefixed --topic supplyshock \
  --operation Create --operation Read --operation Write --operation Describe --operation Delete --operation DescribeConfigs --operation AlterConfigs
acls --allow-principal "$APP" --resource-pattern-type prefixed --group supplyshock --operation Read --operation Describe
acls --allow-principal "$APP" --resource-pattern-type prefixed --transactional-id supplyshock --operation Write --operation Describe
acls --allow-principal "$APP" --cluster --operation IdempotentWrite

acls --allow-principal "$PUB" --operation Write "${INPUTS[@]}" --topic supply.publisher-reports
for prefix in supplyshock-publisher supplyshock-profile-publisher; do
  acls --allow-principal "$PUB" --resource-pattern-type prefixed --transactional-id "$prefix" --operation Write --operation Describe
done
acls --allow-principal "$PUB" --cluster --operation IdempotentWrite

acls --allow-principal "$CON" --operation Read "${OUTPUTS[@]}"
acls --allow-principal "$CON" --resource-pattern-type prefixed --group supplyshock-consumer --operation Read --operation Describe
