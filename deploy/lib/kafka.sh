# shellcheck shell=bash
# The single-node KRaft broker (broker and controller in one JVM) from the Kafka jars on Maven
# Central, and the topics the pipeline uses.


kafka_write_config() {
  local dir="$FLOWSENTRY_HOME/kafka"
  mkdir -p "$dir/data"
  # It may hold the key store's password (secured mode): readable by its owner only.
  rm -f "$dir/server.properties"
  (umask 077 && kafka_server_properties >"$dir/server.properties")
  cat >"$dir/log4j2.properties" <<'PROPERTIES'
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = out
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.state.name = state.change.logger
logger.state.level = WARN
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
PROPERTIES
  sed 's/^rootLogger.level = INFO/rootLogger.level = WARN/' "$dir/log4j2.properties" >"$dir/log4j2-tools.properties"
}

# server.properties: one combined node; plaintext listeners, or the secured ones (lib/security.sh).
kafka_server_properties() {
  local dir="$FLOWSENTRY_HOME/kafka"
  cat <<PROPERTIES
# Written by deploy/flowsentry from its settings; edits are overwritten at the next start.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$FLOWSENTRY_HOST:$FLOWSENTRY_KAFKA_CONTROLLER_PORT
PROPERTIES
  if security_enabled; then
    security_broker_properties
  else
    cat <<PROPERTIES
listeners=PLAINTEXT://$FLOWSENTRY_HOST:$FLOWSENTRY_KAFKA_PORT,CONTROLLER://$FLOWSENTRY_HOST:$FLOWSENTRY_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$FLOWSENTRY_HOST:$FLOWSENTRY_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
PROPERTIES
  fi
  cat <<PROPERTIES
log.dirs=$dir/data
num.partitions=$FLOWSENTRY_PARTITIONS
auto.create.topics.enable=false
# One node: every internal topic with one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# A local stack: keep the disk bounded.
log.retention.hours=24
log.retention.bytes=1073741824
log.segment.bytes=134217728
PROPERTIES
}

kafka_java_options() {
  echo "-Xms$FLOWSENTRY_KAFKA_HEAP -Xmx$FLOWSENTRY_KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true -Dlog4j2.configurationFile=$FLOWSENTRY_HOME/kafka/log4j2.properties"
}

# Formats the storage once; a controller port change needs a fresh data directory.
kafka_format() {
  local dir="$FLOWSENTRY_HOME/kafka" formatted="$FLOWSENTRY_HOME/kafka/formatted-for"
  if [ -f "$dir/data/meta.properties" ]; then
    if [ "$(cat "$formatted" 2>/dev/null)" != "$FLOWSENTRY_KAFKA_CONTROLLER_PORT" ]; then
      die "the broker's data in $dir/data was formatted for controller port $(cat "$formatted" 2>/dev/null); keep FLOWSENTRY_KAFKA_CONTROLLER_PORT=$(cat "$formatted" 2>/dev/null) or discard the data with: deploy/flowsentry clean"
    fi
    return
  fi
  step "Formatting the broker's storage in $dir/data"
  local cluster_id tool=(java -Xmx256m "-Dlog4j2.configurationFile=$dir/log4j2-tools.properties" -cp "$LIB_DIR/kafka/*")
  cluster_id="$("${tool[@]}" kafka.tools.StorageTool random-uuid 2>>"$LOG_DIR/kafka.log" | tail -n 1)"
  "${tool[@]}" kafka.tools.StorageTool format --standalone \
    -t "$cluster_id" -c "$dir/server.properties" >>"$LOG_DIR/kafka.log" 2>&1 ||
    die "formatting the broker's storage failed; see $LOG_DIR/kafka.log"
  echo "$FLOWSENTRY_KAFKA_CONTROLLER_PORT" >"$formatted"
}

kafka_start() {
  if is_running kafka; then
    log "kafka: already running (pid $(service_pids kafka | xargs)) on $BOOTSTRAP_SERVERS"
    return
  fi
  require_java
  require_free_tcp_ports FLOWSENTRY_KAFKA_PORT FLOWSENTRY_KAFKA_CONTROLLER_PORT
  if security_enabled; then
    require_free_tcp_ports FLOWSENTRY_KAFKA_INTERNAL_PORT
    security_prepare
  fi
  ensure_runtime kafka
  kafka_write_config
  kafka_format
  step "Starting Kafka (KRaft, one node) on $BOOTSTRAP_SERVERS ($(kafka_security_summary))"
  local logfile="$LOG_DIR/kafka.log" offset
  offset="$(file_size "$logfile")"
  # shellcheck disable=SC2046
  start_jvm kafka "$logfile" $(kafka_java_options) -cp "$LIB_DIR/kafka/*" kafka.Kafka "$FLOWSENTRY_HOME/kafka/server.properties"
  await_service kafka "$logfile" 90 log_says_since "$logfile" "$offset" "Kafka Server started"
  log "kafka: ready on $BOOTSTRAP_SERVERS (log: $logfile)"
}

kafka_security_summary() {
  if security_enabled; then
    echo "TLS + SCRAM-SHA-512, ACLs; client settings in $(secrets_dir)"
  else
    echo "plaintext"
  fi
}

kafka_stop() {
  stop_service kafka 60
}

# The flows topic's settings, as flow-decoder/README.md asks: the decoder stamps each record with the
# flow's end time (the job's event time), clamped into [now - 1 day, now + 5 min], so the broker's
# default future limit (1 h) never refuses a batch and a 7-day retention (at least twice the past
# clamp) keeps clamped records; a size bound keeps a local disk safe.
FLOWS_TOPIC_CONFIG="message.timestamp.type=CreateTime,message.timestamp.after.max.ms=3600000,retention.ms=604800000,retention.bytes=1073741824,segment.bytes=134217728,compression.type=producer"
ALERTS_TOPIC_CONFIG="message.timestamp.type=CreateTime,retention.ms=604800000"

# Creates the flows and alerts topics, or grows their partitions to the setting. Idempotent.
kafka_topics() {
  is_running kafka || die "kafka is not running: start it with deploy/flowsentry up"
  step "Topics: $FLOWSENTRY_FLOWS_TOPIC and $FLOWSENTRY_ALERTS_TOPIC with $FLOWSENTRY_PARTITIONS partitions"
  require_jar deploy/target/flowsentry-deploy.jar
  local admin=()
  mapfile -t admin < <(admin_command_config)
  java -Xmx128m -cp "$FLOWSENTRY_REPOSITORY/deploy/target/flowsentry-deploy.jar:$LIB_DIR/kafka/*" \
    -Dlog4j2.configurationFile="$FLOWSENTRY_HOME/kafka/log4j2-tools.properties" \
    dev.flowsentry.deploy.KafkaTopics --bootstrap-servers "$(admin_bootstrap_servers)" "${admin[@]}" \
    "$FLOWSENTRY_FLOWS_TOPIC:$FLOWSENTRY_PARTITIONS:$FLOWS_TOPIC_CONFIG" \
    "$FLOWSENTRY_ALERTS_TOPIC:$FLOWSENTRY_PARTITIONS:$ALERTS_TOPIC_CONFIG"
  if security_enabled; then
    security_access
  fi
}
