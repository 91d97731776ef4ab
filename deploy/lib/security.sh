# shellcheck shell=bash
# The local stack's secured Kafka (FLOWSENTRY_KAFKA_SECURITY=sasl_ssl): a private CA and certificates
# made with the JDK's keytool; clients connect over TLS with SCRAM-SHA-512 users, one per component;
# the broker talks to itself (inter-broker, controller) and the administration tools talk to it
# with mutual TLS; the StandardAuthorizer allows each component only what it needs. Every secret is
# a file of $FLOWSENTRY_HOME/secrets (mode 600 in a 700 directory), never a command-line argument.

SECURITY_USERS=(flowsentry-decoder flowsentry-job flowsentry-forwarder)
SCRAM_LOGIN_MODULE=org.apache.kafka.common.security.scram.ScramLoginModule
# The consumer group and transactional id prefix the job's ACLs allow (deploy/conf/job.properties
# and the job's default transactional-id-prefix), and the forwarder's group.
JOB_ACL_PREFIX=flowsentry-detection
FORWARDER_GROUP=soc

security_enabled() {
  case "$FLOWSENTRY_KAFKA_SECURITY" in
    plaintext) return 1 ;;
    sasl_ssl) return 0 ;;
    *) die "FLOWSENTRY_KAFKA_SECURITY must be plaintext or sasl_ssl, found '$FLOWSENTRY_KAFKA_SECURITY'" ;;
  esac
}

secrets_dir() { echo "$FLOWSENTRY_HOME/secrets"; }

# The bootstrap address of the administration listener (mutual TLS), for the topic and ACL tools.
admin_bootstrap_servers() {
  if security_enabled; then
    echo "$FLOWSENTRY_HOST:$FLOWSENTRY_KAFKA_INTERNAL_PORT"
  else
    echo "$BOOTSTRAP_SERVERS"
  fi
}

# The admin client's settings file, as --command-config arguments (none in plaintext mode).
admin_command_config() {
  security_enabled && printf -- '--command-config\n%s\n' "$(secrets_dir)/admin.properties"
  return 0
}

keytool_command() {
  local java_home
  if command -v keytool >/dev/null 2>&1; then
    command -v keytool
    return
  fi
  java_home="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
  [ -x "$java_home/bin/keytool" ] || die "keytool not found: install a full Java 17 runtime (it ships keytool)"
  echo "$java_home/bin/keytool"
}

# A random password in FILE, unless it has one.
new_secret() {
  local file="$1"
  [ -s "$file" ] && return
  (
    umask 077
    head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$file"
  )
}

# Makes the CA, the broker's and the administrator's certificates, the passwords and the client
# settings files exist. Idempotent; the broker's certificate is issued again when FLOWSENTRY_HOST
# changes (it names that address).
security_prepare() {
  local dir user
  dir="$(secrets_dir)"
  mkdir -p "$dir"
  chmod 700 "$dir"
  for user in ca kafka-keystore admin-keystore "${SECURITY_USERS[@]}"; do
    new_secret "$dir/$user.password"
  done
  if [ ! -f "$dir/ca.p12" ]; then
    step "Creating a private CA for the broker's TLS listener in $dir"
    security_keytool -genkeypair -alias ca -keyalg EC -groupname secp384r1 -validity 3650 \
      -dname "CN=FlowSentry local CA" -ext bc:c -keystore "$dir/ca.p12" -storetype PKCS12 \
      -storepass:file "$dir/ca.password"
    security_keytool -exportcert -rfc -alias ca -keystore "$dir/ca.p12" \
      -storepass:file "$dir/ca.password" -file "$dir/ca.crt"
    rm -f "$dir/kafka.p12" "$dir/admin.p12"
  fi
  [ "$(cat "$dir/kafka.host" 2>/dev/null)" = "$FLOWSENTRY_HOST" ] || rm -f "$dir/kafka.p12"
  if [ ! -f "$dir/kafka.p12" ]; then
    security_issue kafka "CN=flowsentry-kafka" serverAuth,clientAuth "SAN=$(subject_alternative_names)"
    echo "$FLOWSENTRY_HOST" >"$dir/kafka.host"
  fi
  [ -f "$dir/admin.p12" ] || security_issue admin "CN=flowsentry-admin" clientAuth
  security_write_client_settings
  chmod 600 "$dir"/*
}

subject_alternative_names() {
  local names="ip:127.0.0.1,dns:localhost"
  if [[ "$FLOWSENTRY_HOST" =~ ^[0-9.]+$|:.*: ]]; then
    [ "$FLOWSENTRY_HOST" = 127.0.0.1 ] || names="ip:$FLOWSENTRY_HOST,$names"
  else
    names="dns:$FLOWSENTRY_HOST,$names"
  fi
  echo "$names"
}

# Issues NAME.p12: a key pair and its certificate signed by the CA: NAME DN EXTENDED_KEY_USAGE [SAN].
security_issue() {
  local name="$1" dn="$2" usage="$3" san="${4:-}" dir
  dir="$(secrets_dir)"
  local store=(-keystore "$dir/$name.p12" -storetype PKCS12 -storepass:file "$dir/$name-keystore.password")
  local extensions=(-ext KeyUsage:critical=digitalSignature -ext "ExtendedKeyUsage=$usage")
  [ -z "$san" ] || extensions+=(-ext "$san")
  rm -f "$dir/$name.p12"
  security_keytool -genkeypair -alias "$name" -keyalg EC -groupname secp256r1 -validity 825 -dname "$dn" "${store[@]}"
  security_keytool -certreq -alias "$name" -file "$dir/$name.csr" "${store[@]}"
  security_keytool -gencert -alias ca -keystore "$dir/ca.p12" -storepass:file "$dir/ca.password" \
    -infile "$dir/$name.csr" -outfile "$dir/$name.crt" -rfc -validity 825 "${extensions[@]}"
  security_keytool -importcert -noprompt -alias ca -file "$dir/ca.crt" "${store[@]}"
  security_keytool -importcert -alias "$name" -file "$dir/$name.crt" "${store[@]}"
  rm -f "$dir/$name.csr" "$dir/$name.crt"
}

security_keytool() {
  "$(keytool_command)" "$@" >>"$LOG_DIR/keytool.log" 2>&1 ||
    die "keytool $1 failed; see $LOG_DIR/keytool.log"
}

# One client settings file per component, the job's JAAS entry, the administrator's mutual TLS.
security_write_client_settings() {
  local dir user
  dir="$(secrets_dir)"
  for user in "${SECURITY_USERS[@]}"; do
    printf '%s required username="%s" password="%s";\n' "$SCRAM_LOGIN_MODULE" "$user" \
      "$(cat "$dir/$user.password")" >"$dir/$user.jaas"
    {
      echo "# Kafka client settings of $user (written by deploy/flowsentry; secret)."
      echo "security.protocol=SASL_SSL"
      echo "sasl.mechanism=SCRAM-SHA-512"
      echo "sasl.jaas.config=$(cat "$dir/$user.jaas")"
      echo "ssl.truststore.type=PEM"
      echo "ssl.truststore.location=$dir/ca.crt"
    } >"$dir/$user.properties"
  done
  {
    echo "# Kafka administration over mutual TLS (written by deploy/flowsentry; secret)."
    echo "security.protocol=SSL"
    echo "ssl.keystore.type=PKCS12"
    echo "ssl.keystore.location=$dir/admin.p12"
    echo "ssl.keystore.password=$(cat "$dir/admin-keystore.password")"
    echo "ssl.truststore.type=PEM"
    echo "ssl.truststore.location=$dir/ca.crt"
  } >"$dir/admin.properties"
  {
    echo "# kcat -F $dir/kcat-admin.properties -b $FLOWSENTRY_HOST:$FLOWSENTRY_KAFKA_INTERNAL_PORT ..."
    echo "# (librdkafka before 2.6.1, as in Debian 12, cannot use SCRAM with Kafka 4: mutual TLS instead)"
    echo "security.protocol=ssl"
    echo "ssl.keystore.location=$dir/admin.p12"
    echo "ssl.keystore.password=$(cat "$dir/admin-keystore.password")"
    echo "ssl.ca.location=$dir/ca.crt"
  } >"$dir/kcat-admin.properties"
}

# The broker's listeners and security settings for server.properties.
security_broker_properties() {
  local dir host="$FLOWSENTRY_HOST"
  dir="$(secrets_dir)"
  cat <<PROPERTIES
# Clients: TLS with SCRAM-SHA-512. Inter-broker, controller and administration: mutual TLS.
listeners=SASL_SSL://$host:$FLOWSENTRY_KAFKA_PORT,INTERNAL://$host:$FLOWSENTRY_KAFKA_INTERNAL_PORT,CONTROLLER://$host:$FLOWSENTRY_KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_SSL://$host:$FLOWSENTRY_KAFKA_PORT,INTERNAL://$host:$FLOWSENTRY_KAFKA_INTERNAL_PORT
listener.security.protocol.map=SASL_SSL:SASL_SSL,INTERNAL:SSL,CONTROLLER:SSL
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$SCRAM_LOGIN_MODULE required;
listener.name.internal.ssl.client.auth=required
listener.name.controller.ssl.client.auth=required
ssl.keystore.type=PKCS12
ssl.keystore.location=$dir/kafka.p12
ssl.keystore.password=$(cat "$dir/kafka-keystore.password")
ssl.key.password=$(cat "$dir/kafka-keystore.password")
ssl.truststore.type=PEM
ssl.truststore.location=$dir/ca.crt
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:CN=flowsentry-kafka;User:CN=flowsentry-admin
allow.everyone.if.no.acl.found=false
PROPERTIES
}

# The SCRAM users and the ACLs of each component (KafkaAccess is idempotent).
security_access() {
  local dir user grants=()
  dir="$(secrets_dir)"
  step "Users and ACLs: decoder writes $FLOWSENTRY_FLOWS_TOPIC; job reads it and writes $FLOWSENTRY_ALERTS_TOPIC transactionally; forwarder reads $FLOWSENTRY_ALERTS_TOPIC"
  for user in "${SECURITY_USERS[@]}"; do
    grants+=("scram:$user=$dir/$user.password")
  done
  grants+=(
    "acl:flowsentry-decoder:topic:$FLOWSENTRY_FLOWS_TOPIC:WRITE,DESCRIBE"
    "acl:flowsentry-job:topic:$FLOWSENTRY_FLOWS_TOPIC:READ,DESCRIBE"
    "acl:flowsentry-job:group:$JOB_ACL_PREFIX*:READ,DESCRIBE"
    "acl:flowsentry-job:topic:$FLOWSENTRY_ALERTS_TOPIC:WRITE,DESCRIBE"
    "acl:flowsentry-job:transactional-id:$JOB_ACL_PREFIX*:WRITE,DESCRIBE"
    "acl:flowsentry-forwarder:topic:$FLOWSENTRY_ALERTS_TOPIC:READ,DESCRIBE"
    "acl:flowsentry-forwarder:group:$FORWARDER_GROUP:READ,DESCRIBE"
  )
  java -Xmx128m -cp "$FLOWSENTRY_REPOSITORY/deploy/target/flowsentry-deploy.jar:$LIB_DIR/kafka/*" \
    -Dlog4j2.configurationFile="$FLOWSENTRY_HOME/kafka/log4j2-tools.properties" \
    dev.flowsentry.deploy.KafkaAccess --bootstrap-servers "$(admin_bootstrap_servers)" \
    --command-config "$dir/admin.properties" "${grants[@]}"
}

# The decoder's and the forwarder's --kafka-config option in secured mode.
client_config_arguments() {
  security_enabled && printf -- '--kafka-config\n%s\n' "$(secrets_dir)/flowsentry-$1.properties"
  return 0
}

# The job's Kafka settings in secured mode: the JAAS entry from a file, the CA certificate.
job_security_arguments() {
  local dir
  security_enabled || return 0
  dir="$(secrets_dir)"
  printf -- '%s\n' --kafka.security.protocol SASL_SSL --kafka.sasl.mechanism SCRAM-SHA-512 \
    --kafka.sasl.jaas.config.file "$dir/flowsentry-job.jaas" \
    --kafka.ssl.truststore.type PEM --kafka.ssl.truststore.location "$dir/ca.crt"
}
