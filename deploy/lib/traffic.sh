# shellcheck shell=bash
# Demo traffic: the labelled scenario rendered by demo-traffic, exported into the decoder by a real
# NetFlow exporter (Debian's softflowd reading a pcap, or the project's own NetFlow v9/IPFIX
# exporter when softflowd is missing).

DEMO_TRAFFIC_JAR=demo-traffic/target/demo-traffic.jar

# softflowd keeps every flow of a capture in its table until the table is full (its timeouts follow
# the wall clock, not the capture's): a small table makes it export each flow within about two
# seconds of capture time of its end, as a router's cache would, so the job's event time works.
SOFTFLOWD_MAX_FLOWS=256
# softflowd 1.1.0 reading a capture hangs at its end when its control socket path is longer than
# about ten characters; the replay needs no control socket (-c none).

softflowd_command() {
  command -v softflowd 2>/dev/null || { [ -x /usr/sbin/softflowd ] && echo /usr/sbin/softflowd; } || true
}

replay_stop() {
  local pid_file="$RUN_DIR/softflowd.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    kill "$(cat "$pid_file")" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  stop_service exporter 10
}

# Writes the scenario's labels and the job parameters that fit it into $FLOWSENTRY_HOME/demo.
demo_files() {
  require_jar "$DEMO_TRAFFIC_JAR"
  mkdir -p "$FLOWSENTRY_HOME/demo"
  java -Xmx256m -jar "$(snapshot_jar "$DEMO_TRAFFIC_JAR")" labels "$@" \
    --labels "$FLOWSENTRY_HOME/demo/labels.json" --parameters "$FLOWSENTRY_HOME/demo/job.properties" >/dev/null
  {
    echo "# Demo settings: alerts visible within seconds."
    echo "checkpoint-interval = 5s"
  } >>"$FLOWSENTRY_HOME/demo/job.properties"
  log "demo: labels in $FLOWSENTRY_HOME/demo/labels.json, job parameters in $FLOWSENTRY_HOME/demo/job.properties"
}

# flowsentry replay [--exporter auto|softflowd|netflow9|ipfix] [--speed X] [--scale X] [--seed N]
replay() {
  local exporter=auto speed=0 scenario=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --exporter) exporter="$2"; shift 2 ;;
      --speed) speed="$2"; shift 2 ;;
      --scale | --seed | --start | --warmup) scenario+=("$1" "$2"); shift 2 ;;
      *) die "replay: unknown option $1 (see deploy/flowsentry help)" ;;
    esac
  done
  require_java
  require_jar "$DEMO_TRAFFIC_JAR"
  is_running decoder || die "the decoder is not running: start the stack with deploy/flowsentry up"
  if [ "$exporter" = auto ]; then
    exporter=netflow9
    [ -n "$(softflowd_command)" ] && exporter=softflowd
  fi
  mkdir -p "$FLOWSENTRY_HOME/demo"
  case "$exporter" in
    softflowd) replay_softflowd "${scenario[@]}" ;;
    netflow9 | ipfix) replay_own "$exporter" "$speed" "${scenario[@]}" ;;
    *) die "replay: --exporter must be auto, softflowd, netflow9 or ipfix" ;;
  esac
}

replay_softflowd() {
  local softflowd pcap="$FLOWSENTRY_HOME/demo/scenario.pcap"
  softflowd="$(softflowd_command)"
  [ -n "$softflowd" ] || die "softflowd is not installed (apt-get install softflowd), use --exporter netflow9"
  step "Rendering the demo scenario as packets ($pcap)"
  java -Xmx768m -jar "$(snapshot_jar "$DEMO_TRAFFIC_JAR")" pcap --out "$pcap" "$@" \
    --labels "$FLOWSENTRY_HOME/demo/labels.json" >"$LOG_DIR/replay.log" 2>&1 ||
    { cat "$LOG_DIR/replay.log" >&2; die "rendering the scenario failed"; }
  step "Exporting it with softflowd as NetFlow v9 to $FLOWSENTRY_NETFLOW_ADDRESS:$FLOWSENTRY_NETFLOW_PORT"
  "$softflowd" -r "$pcap" -n "$(netflow_target)" -v 9 -d -m "$SOFTFLOWD_MAX_FLOWS" -t maxlife=60 \
    -p "$RUN_DIR/softflowd.pid" -c none >>"$LOG_DIR/replay.log" 2>&1 ||
    { tail -n 20 "$LOG_DIR/replay.log" >&2; rm -f "$pcap"; die "softflowd failed"; }
  rm -f "$pcap" "$RUN_DIR/softflowd.pid"
  log "replay: softflowd exported the scenario (its statistics: $LOG_DIR/replay.log)"
}

replay_own() {
  local protocol="$1" speed="$2"
  shift 2
  step "Exporting the demo scenario with FlowSentry's own $protocol exporter to $(netflow_target) (speed ${speed/#0/max})"
  # shellcheck disable=SC2046
  java $(marker exporter) -Xmx512m -jar "$(snapshot_jar "$DEMO_TRAFFIC_JAR")" export --to "$(netflow_target)" \
    --protocol "$protocol" --speed "$speed" "$@" --labels "$FLOWSENTRY_HOME/demo/labels.json" \
    >"$LOG_DIR/replay.log" 2>&1 || { cat "$LOG_DIR/replay.log" >&2; die "the export failed"; }
  log "replay: $(tail -n 1 "$LOG_DIR/replay.log")"
}

netflow_target() {
  local host="$FLOWSENTRY_NETFLOW_ADDRESS"
  [ "$host" = 0.0.0.0 ] && host=127.0.0.1
  echo "$host:$FLOWSENTRY_NETFLOW_PORT"
}
