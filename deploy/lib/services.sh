# shellcheck shell=bash
# The decoder (NetFlow/IPFIX in, flow records to Kafka) and the alert forwarder (alerts from Kafka
# to the SOC's destinations) as background services.

DECODER_JAR=flow-decoder/target/flow-decoder.jar
FORWARDER_JAR=sink-alerts/target/alert-forwarder.jar

decoder_start() {
  if is_running decoder; then
    log "decoder: already running; NetFlow/IPFIX on $FLOWSENTRY_NETFLOW_ADDRESS:$FLOWSENTRY_NETFLOW_PORT/udp"
    return
  fi
  require_java
  require_jar "$DECODER_JAR"
  require_free_tcp_ports FLOWSENTRY_DECODER_METRICS_PORT
  deploy_tool ports --host "$FLOWSENTRY_NETFLOW_ADDRESS" --udp "$FLOWSENTRY_NETFLOW_PORT" --owners decoder ||
    die "UDP port $FLOWSENTRY_NETFLOW_PORT is taken (another collector?); stop it or set FLOWSENTRY_NETFLOW_PORT"
  mkdir -p "$FLOWSENTRY_HOME/decoder"
  local jar security=()
  jar="$(snapshot_jar "$DECODER_JAR")"
  mapfile -t security < <(client_config_arguments decoder)
  step "Starting the decoder: NetFlow/IPFIX on $FLOWSENTRY_NETFLOW_ADDRESS:$FLOWSENTRY_NETFLOW_PORT/udp -> topic $FLOWSENTRY_FLOWS_TOPIC"
  # shellcheck disable=SC2086 # FLOWSENTRY_DECODER_ARGS is a list of options.
  start_jvm decoder "$LOG_DIR/decoder.log" -Xms64m "-Xmx$FLOWSENTRY_DECODER_HEAP" -XX:+UseG1GC \
    -jar "$jar" --queue-capacity "$FLOWSENTRY_DECODER_QUEUE_CAPACITY" \
    --listen "$FLOWSENTRY_NETFLOW_ADDRESS:$FLOWSENTRY_NETFLOW_PORT" \
    --bootstrap-servers "$BOOTSTRAP_SERVERS" --topic "$FLOWSENTRY_FLOWS_TOPIC" \
    --metrics-port "$FLOWSENTRY_DECODER_METRICS_PORT" --metrics-address "$FLOWSENTRY_HOST" \
    --state-dir "$FLOWSENTRY_HOME/decoder" "${security[@]}" \
    $FLOWSENTRY_DECODER_ARGS
  await_service decoder "$LOG_DIR/decoder.log" 60 tcp_listening "$FLOWSENTRY_HOST" "$FLOWSENTRY_DECODER_METRICS_PORT"
  log "decoder: ready; metrics http://$FLOWSENTRY_HOST:$FLOWSENTRY_DECODER_METRICS_PORT/metrics"
}

decoder_stop() {
  stop_service decoder 30
}

forwarder_start() {
  if is_running forwarder; then
    log "forwarder: already running; alerts in $FLOWSENTRY_HOME/alerts.txt"
    return
  fi
  require_java
  require_jar "$FORWARDER_JAR"
  require_free_tcp_ports FLOWSENTRY_FORWARDER_METRICS_PORT
  mkdir -p "$FLOWSENTRY_HOME/forwarder"
  local jar security=()
  jar="$(snapshot_jar "$FORWARDER_JAR")"
  mapfile -t security < <(client_config_arguments forwarder)
  step "Starting the alert forwarder: topic $FLOWSENTRY_ALERTS_TOPIC -> $FLOWSENTRY_HOME/alerts.txt"
  # The forwarder's readable stdout is the alert stream; its own log goes to stderr.
  # shellcheck disable=SC2086 # FLOWSENTRY_FORWARDER_ARGS is a list of options.
  start_jvm_split forwarder "$FLOWSENTRY_HOME/alerts.txt" "$LOG_DIR/forwarder.log" \
    -Xms32m "-Xmx$FLOWSENTRY_FORWARDER_HEAP" -XX:+UseSerialGC \
    -jar "$jar" \
    --bootstrap-servers "$BOOTSTRAP_SERVERS" --topic "$FLOWSENTRY_ALERTS_TOPIC" \
    --to stdout --metrics-port "$FLOWSENTRY_FORWARDER_METRICS_PORT" --metrics-address "$FLOWSENTRY_HOST" --group-id "$FORWARDER_GROUP" \
    --dead-letter "$FLOWSENTRY_HOME/forwarder/dead-letter.jsonl" "${security[@]}" \
    $FLOWSENTRY_FORWARDER_ARGS
  await_service forwarder "$LOG_DIR/forwarder.log" 60 tcp_listening "$FLOWSENTRY_HOST" "$FLOWSENTRY_FORWARDER_METRICS_PORT"
  log "forwarder: ready; alerts: tail -f $FLOWSENTRY_HOME/alerts.txt"
}

forwarder_stop() {
  stop_service forwarder 30
}
