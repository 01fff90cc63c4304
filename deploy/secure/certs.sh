#!/usr/bin/env bash
# One-shot init container of the compose 'secure' profile (image eclipse-temurin:21-jdk, for keytool).
# Fills the secure-config volume (/secure) once, like scripts/secure.sh does for the local stack:
#   passwords/<name>     random passwords (mode 600): SCRAM users, keystore, truststore
#   ca.p12, ca.crt       a local CA
#   broker.keystore.p12  the broker's key, signed by the CA, SAN DNS:kafka-secure, DNS:localhost, IP:127.0.0.1
#   truststore.p12       the CA certificate, for clients
#   client-<name>.properties     Kafka client settings per principal (CLI tools: --command-config)
#   supplyshock-<name>.properties the same with the app's kafka. prefix (SUPPLYSHOCK_CONFIG_FILE)
# Later runs keep what exists, so the SCRAM users formatted into the broker's storage stay valid.
set -euo pipefail
umask 077
D=/secure
mkdir -p "$D/passwords"
USERS=(supplyshock-admin supplyshock-app supplyshock-publisher supplyshock-consumer)

for name in keystore truststore "${USERS[@]}"; do
  f="$D/passwords/$name"
  if [[ ! -s "$f" ]]; then
    r="$(head -c 512 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
    printf '%s' "${r:0:32}" >"$f"
  fi
done
export KS_PASS TS_PASS
KS_PASS="$(<"$D/passwords/keystore")"
TS_PASS="$(<"$D/passwords/truststore")"

if [[ ! -f "$D/broker.keystore.p12" || ! -f "$D/truststore.p12" ]]; then
  rm -f "$D"/*.p12 "$D"/*.crt "$D"/*.csr
  ks=(-storetype PKCS12 -storepass:env KS_PASS -keypass:env KS_PASS)
  keytool -genkeypair -alias ca -keyalg RSA -keysize 2048 -validity 825 -dname "CN=Supplyshock compose CA" -ext bc:c \
    -keystore "$D/ca.p12" "${ks[@]}"
  keytool -exportcert -rfc -alias ca -keystore "$D/ca.p12" -storepass:env KS_PASS -file "$D/ca.crt"
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 825 -dname "CN=kafka-secure" \
    -keystore "$D/broker.keystore.p12" "${ks[@]}"
  keytool -certreq -alias broker -keystore "$D/broker.keystore.p12" -storepass:env KS_PASS -file "$D/broker.csr"
  keytool -gencert -alias ca -keystore "$D/ca.p12" -storepass:env KS_PASS -infile "$D/broker.csr" -outfile "$D/broker.crt" -rfc \
    -validity 825 -ext SAN=DNS:kafka-secure,DNS:localhost,IP:127.0.0.1 -ext KU=digitalSignature,keyEncipherment -ext EKU=serverAuth
  keytool -importcert -noprompt -alias ca -file "$D/ca.crt" -keystore "$D/broker.keystore.p12" -storepass:env KS_PASS
  keytool -importcert -noprompt -alias broker -file "$D/broker.crt" -keystore "$D/broker.keystore.p12" -storepass:env KS_PASS
  keytool -importcert -noprompt -alias ca -file "$D/ca.crt" -keystore "$D/truststore.p12" -storetype PKCS12 -storepass:env TS_PASS
  rm -f "$D/broker.csr"
fi

for user in "${USERS[@]}"; do
  short="${user#supplyshock-}"
  props="security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$user\" password=\"$(<"$D/passwords/$user")\";
ssl.truststore.type=PKCS12
ssl.truststore.location=$D/truststore.p12
ssl.truststore.password=$TS_PASS"
  printf '%s\n' "$props" >"$D/client-$short.properties"
  printf '%s\n' "$props" | sed 's/^/kafka./' >"$D/supplyshock-$short.properties"
done
# The containers that read this volume run as other users (the Kafka image's appuser, uid 1000).
chown -R 1000:1000 "$D"
echo "secure-config ready: $(ls "$D" | tr '\n' ' ')"
