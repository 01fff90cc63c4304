#!/usr/bin/env bash
# Broker of the compose 'secure' profile (image apache/kafka). Writes server.properties from the
# passwords in /secure, formats the storage once with every principal's SCRAM-SHA-512 credential
# (kafka-storage format --add-scram), then runs the broker. Same settings as scripts/secure.sh.
set -euo pipefail
umask 077
D=/secure
pw() { tr -d '\n' <"$D/passwords/$1"; }
ADMIN=supplyshock-admin
CONF=/var/lib/kafka/server.properties
cat >"$CONF" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@kafka-secure:9093
listeners=SASL_SSL://:9095,CONTROLLER://:9093,HOST://:29094
advertised.listeners=SASL_SSL://kafka-secure:9095,HOST://127.0.0.1:9094
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,HOST:SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$ADMIN" password="$(pw $ADMIN)";
listener.name.host.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.controller.sasl.enabled.mechanisms=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$ADMIN" password="$(pw $ADMIN)" user_$ADMIN="$(pw $ADMIN)";
ssl.keystore.type=PKCS12
ssl.keystore.location=$D/broker.keystore.p12
ssl.keystore.password=$(pw keystore)
ssl.key.password=$(pw keystore)
ssl.truststore.type=PKCS12
ssl.truststore.location=$D/truststore.p12
ssl.truststore.password=$(pw truststore)
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$ADMIN
log.dirs=/var/lib/kafka/data
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
scram=()
for user in supplyshock-admin supplyshock-app supplyshock-publisher supplyshock-consumer; do
  scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(pw "$user")]")
done
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --config "$CONF" --cluster-id "${CLUSTER_ID:?}" "${scram[@]}"
exec /opt/kafka/bin/kafka-server-start.sh "$CONF"
