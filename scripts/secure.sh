# shellcheck shell=bash
# Secure mode of scripts/stack.sh, sourced by it (not run on its own). `stack.sh start --secure`
# turns a fresh stack dir into a SASL_SSL/SCRAM-SHA-512 broker with ACLs; the choice is kept in
# $STACK_DIR/secure/ and every later command on that stack dir follows it (`reset` forgets it).
#
# Listeners (all on 127.0.0.1):
#   SASL_SSL  :$KAFKA_PORT       clients and inter-broker traffic, SCRAM-SHA-512 over TLS
#   CONTROLLER:$CONTROLLER_PORT  KRaft only, SASL_PLAINTEXT with PLAIN: the broker authenticates to its
#                                own controller as the admin principal (loopback, never advertised)
#
# Everything generated lives in $SECURE_DIR (mode 700): the CA, the broker keystore, the client
# truststore, one password file per principal (mode 600) and one client properties file per principal
# for the Kafka CLI tools (--command-config).

SECURE_DIR="$STACK_DIR/secure"
SECURE_PASSWORDS="$SECURE_DIR/passwords"
TRUSTSTORE="$SECURE_DIR/truststore.p12"
BROKER_KEYSTORE="$SECURE_DIR/broker.keystore.p12"
ADMIN_USER=supplyshock-admin
# Short names for `env --as NAME`, and the SCRAM users they stand for.
declare -A SECURE_USERS=([admin]=supplyshock-admin [app]=supplyshock-app [publisher]=supplyshock-publisher [consumer]=supplyshock-consumer)
SECURE_ACLS_SOURCE="$PROJECT_ROOT/streams-app/src/main/java/io/supplyshock/security/SecureAcls.java"

secure_enabled() { [[ -f "$SECURE_DIR/enabled" ]]; }

secret() { tr -d '\n' <"$SECURE_PASSWORDS/$1"; }

# Letters and digits only: the value goes into JAAS strings and into --add-scram's [name=...,password=...].
new_secret() {
  local file="$SECURE_PASSWORDS/$1"
  [[ -s "$file" ]] && return 0
  local random
  random="$(head -c 512 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')"
  ((${#random} >= 32)) || die "could not generate a password"
  (umask 077 && printf '%s' "${random:0:32}" >"$file")
}

# Called by `start --secure`. A stack formatted without SCRAM users cannot become secure in place.
secure_init() {
  if ! secure_enabled && [[ -f "$KAFKA_DATA_DIR/meta.properties" ]]; then
    die "$STACK_DIR already holds a plaintext broker's data; run 'scripts/stack.sh reset' before 'start --secure'"
  fi
  (umask 077 && mkdir -p "$SECURE_DIR" "$SECURE_PASSWORDS")
  chmod 700 "$SECURE_DIR" "$SECURE_PASSWORDS"
  local u
  for u in keystore truststore "${SECURE_USERS[@]}"; do new_secret "$u"; done
  secure_certificates
  for u in "${!SECURE_USERS[@]}"; do secure_client_properties "$u" >"$SECURE_DIR/client-$u.properties"; done
  chmod 600 "$SECURE_DIR"/client-*.properties
  touch "$SECURE_DIR/enabled"
}

# A CA, a broker key signed by it (SAN IP:127.0.0.1, DNS:localhost) and a truststore holding the CA,
# all PKCS12, all made with the JDK's keytool. Passwords reach keytool through the environment, not argv.
secure_certificates() {
  [[ -f "$BROKER_KEYSTORE" && -f "$TRUSTSTORE" ]] && return 0
  local keytool="$JAVA_HOME/bin/keytool" ca="$SECURE_DIR/ca.p12" d="$SECURE_DIR"
  [[ -x "$keytool" ]] || die "keytool not found in $JAVA_HOME/bin"
  info "generating a CA and the broker's TLS certificate in $SECURE_DIR"
  rm -f "$ca" "$BROKER_KEYSTORE" "$TRUSTSTORE" "$d/ca.crt" "$d/broker.csr" "$d/broker.crt"
  (
    umask 077
    export KS_PASS TS_PASS
    KS_PASS="$(secret keystore)"
    TS_PASS="$(secret truststore)"
    local -a ks=(-storetype PKCS12 -storepass:env KS_PASS -keypass:env KS_PASS)
    "$keytool" -genkeypair -alias ca -keyalg RSA -keysize 2048 -validity 825 -dname "CN=Supplyshock local CA" \
      -ext bc:c -keystore "$ca" "${ks[@]}"
    "$keytool" -exportcert -rfc -alias ca -keystore "$ca" -storepass:env KS_PASS -file "$d/ca.crt"
    "$keytool" -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 825 -dname "CN=localhost" \
      -keystore "$BROKER_KEYSTORE" "${ks[@]}"
    "$keytool" -certreq -alias broker -keystore "$BROKER_KEYSTORE" -storepass:env KS_PASS -file "$d/broker.csr"
    "$keytool" -gencert -alias ca -keystore "$ca" -storepass:env KS_PASS -infile "$d/broker.csr" -outfile "$d/broker.crt" \
      -rfc -validity 825 -ext SAN=IP:127.0.0.1,DNS:localhost -ext KU=digitalSignature,keyEncipherment -ext EKU=serverAuth
    "$keytool" -importcert -noprompt -alias ca -file "$d/ca.crt" -keystore "$BROKER_KEYSTORE" -storepass:env KS_PASS
    "$keytool" -importcert -noprompt -alias broker -file "$d/broker.crt" -keystore "$BROKER_KEYSTORE" -storepass:env KS_PASS
    "$keytool" -importcert -noprompt -alias ca -file "$d/ca.crt" -keystore "$TRUSTSTORE" -storetype PKCS12 -storepass:env TS_PASS
  ) >>"$LOG_DIR/secure-certs.log" 2>&1 || die "keytool failed (see $LOG_DIR/secure-certs.log)"
  rm -f "$d/broker.csr"
}

scram_jaas() {
  printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";' "$1" "$(secret "$1")"
}

# The broker's listener settings in secure mode (replace the plaintext ones in server.properties).
secure_listener_config() {
  local admin_pass
  admin_pass="$(secret "$ADMIN_USER")"
  cat <<EOF
listeners=SASL_SSL://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=SASL_SSL://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL

sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$(scram_jaas "$ADMIN_USER")
listener.name.controller.sasl.enabled.mechanisms=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$ADMIN_USER" password="$admin_pass" user_$ADMIN_USER="$admin_pass";

ssl.keystore.type=PKCS12
ssl.keystore.location=$BROKER_KEYSTORE
ssl.keystore.password=$(secret keystore)
ssl.key.password=$(secret keystore)
ssl.truststore.type=PKCS12
ssl.truststore.location=$TRUSTSTORE
ssl.truststore.password=$(secret truststore)
ssl.client.auth=none

authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$ADMIN_USER
EOF
}

# kafka-storage format arguments creating every principal's SCRAM credential.
secure_format_args() {
  local u
  for u in "${SECURE_USERS[@]}"; do
    printf '%s\n' --add-scram "SCRAM-SHA-512=[name=$u,password=$(secret "$u")]"
  done
}

# Kafka client properties (plain names) for a principal's short name.
secure_client_properties() {
  local user="${SECURE_USERS[$1]:-}"
  [[ -n "$user" ]] || die "unknown principal '$1' (one of: ${!SECURE_USERS[*]})"
  cat <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$(scram_jaas "$user")
ssl.truststore.type=PKCS12
ssl.truststore.location=$TRUSTSTORE
ssl.truststore.password=$(secret truststore)
EOF
}

# `env --as NAME` on a secure stack: the same settings as SUPPLYSHOCK_KAFKA_CONFIG_* exports, shell-quoted.
secure_env() {
  local name="${1:-app}" line key value
  secure_enabled || die "$STACK_DIR is not a secure stack (start it with: scripts/stack.sh start --secure)"
  [[ -n "${SECURE_USERS[$name]:-}" ]] || die "unknown principal '$name' (one of: ${!SECURE_USERS[*]})"
  while IFS= read -r line; do
    key="${line%%=*}"
    value="${line#*=}"
    key="${key^^}"
    printf 'export SUPPLYSHOCK_KAFKA_CONFIG_%s=%q\n' "${key//[.-]/_}" "$value"
  done < <(secure_client_properties "$name")
}

# Creates the ACLs (idempotent) once the broker answers, with the admin principal, through the Java
# source launcher: SecureAcls.java depends on kafka-clients only, so the app jar need not be built.
secure_create_acls() {
  [[ -f "$KAFKA_DIR/acls.created" ]] && return 0
  info "creating ACLs for ${SECURE_USERS[app]}, ${SECURE_USERS[publisher]} and ${SECURE_USERS[consumer]}"
  kafka_tool_cmd
  if ! "${KAFKA_TOOL_CMD[@]}" "$SECURE_ACLS_SOURCE" "$BOOTSTRAP" "$SECURE_DIR/client-admin.properties" >>"$LOG_DIR/secure-acls.log" 2>&1; then
    tail -n 20 "$LOG_DIR/secure-acls.log" >&2 || true
    die "creating ACLs failed (see $LOG_DIR/secure-acls.log)"
  fi
  touch "$KAFKA_DIR/acls.created"
}
