#!/usr/bin/env bash
# deploy/soak/soak.sh: the soak run of issue 6. The whole local pipeline (deploy/flowsentry: the
# project's NetFlow v9 exporter -> decoder -> Kafka -> Flink job -> alerts -> forwarder) under a
# steady flow rate for a long run, sampled every minute: the decoder's and the TaskManager's live
# heap (after a full collection), the job's state size (Flink REST checkpoint statistics), the
# job's consumer lag on flows and the forwarder's on alerts. At the end it prints the growth of
# each between the first and the last third of the run and a SOAK PASS or SOAK FAIL line; the
# exit status is 0 for a pass. Results in flow-decoder/README.md, "Reliability (issue 6)".
#
#   deploy/soak/soak.sh [--minutes 30] [--rate 20000 | --scale X] [--warmup-minutes 5]
#                       [--interval-seconds 60] [--attacks] [--keep]
#
# Traffic: demo-traffic's labelled scenario (benign clients, a busy web server, a DNS resolver, a
# backup upload) exported in real time (--speed 1, stamped with the current time) at --scale X,
# about 390 flows/s per unit of scale (--rate R picks X = R / 390), benign only by default. With
# --attacks its six attacks run in the middle third of the run, so alerts flow through the
# forwarder and their state must be released (the job's state TTL is 5 minutes here) before the
# last third is compared with the first; their spoofed sources make the job's state peak.
#
# It runs its own stack: FLOWSENTRY_HOME (default /tmp/flowsentry-soak, outside target/ so that a
# build's clean cannot pull it away mid-run) on ports from
# FLOWSENTRY_SOAK_PORT_BASE (default 29600: Kafka +92, Flink REST +81, NetFlow +55, decoder metrics
# +191, forwarder metrics +192), and stops it at the end (--keep leaves it up). Needs the built jars
# (mvn -B -DskipTests package).
set -euo pipefail

REPOSITORY="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FLOWSENTRY="$REPOSITORY/deploy/flowsentry"
FLOWS_PER_SECOND_AT_SCALE_ONE=390

MINUTES=30
WARMUP_MINUTES=5
INTERVAL_SECONDS=60
RATE=20000
SCALE=
KEEP=false
ATTACKS=false

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --warmup-minutes) WARMUP_MINUTES="$2"; shift 2 ;;
    --interval-seconds) INTERVAL_SECONDS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --scale) SCALE="$2"; shift 2 ;;
    --keep) KEEP=true; shift ;;
    --attacks) ATTACKS=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done
for number in "$MINUTES" "$WARMUP_MINUTES" "$INTERVAL_SECONDS" "$RATE"; do
  [[ "$number" =~ ^[0-9]+$ ]] || { echo "error: '$number' is not a whole number" >&2; exit 2; }
done
SCALE="${SCALE:-$(awk -v rate="$RATE" -v unit="$FLOWS_PER_SECOND_AT_SCALE_ONE" 'BEGIN { printf "%.2f", rate / unit }')}"

# The soak's own stack, apart from the demo (9092, 8081) and the tests (29000-29599).
PORT_BASE="${FLOWSENTRY_SOAK_PORT_BASE:-29600}"
export FLOWSENTRY_HOME="${FLOWSENTRY_HOME:-${TMPDIR:-/tmp}/flowsentry-soak}"
export FLOWSENTRY_KAFKA_PORT=$((PORT_BASE + 92))
export FLOWSENTRY_KAFKA_CONTROLLER_PORT=$((PORT_BASE + 93))
export FLOWSENTRY_KAFKA_INTERNAL_PORT=$((PORT_BASE + 94))
export FLOWSENTRY_FLINK_REST_PORT=$((PORT_BASE + 81))
export FLOWSENTRY_FLINK_RPC_PORT=$((PORT_BASE + 123))
export FLOWSENTRY_NETFLOW_PORT=$((PORT_BASE + 55))
export FLOWSENTRY_DECODER_METRICS_PORT=$((PORT_BASE + 191))
export FLOWSENTRY_FORWARDER_METRICS_PORT=$((PORT_BASE + 192))
export FLOWSENTRY_MVN="${FLOWSENTRY_MVN:-mvn -o}"
# The attacks' SYN flood comes from spoofed sources (about 10,800 new ones per second at the
# default rate): the scan detector holds an accumulator of about 1.1 KB per source and open window
# (about four windows: 10 s, the 5 s watermark delay, partition skew), some 500 MB at the peak,
# more than the 538 MiB heap of the local stack's default 1280m TaskManager. Size it for the flood.
if $ATTACKS; then
  export FLOWSENTRY_TASKMANAGER_MEMORY="${FLOWSENTRY_TASKMANAGER_MEMORY:-2560m}"
fi
# shellcheck source=../lib/common.sh
. "$REPOSITORY/deploy/lib/common.sh"
load_settings

SOAK_DIR="$FLOWSENTRY_HOME/soak"
STOP_FILE="$SOAK_DIR/stop"
RUN_ID="soak-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$SOAK_DIR"
rm -f "$STOP_FILE"
# Private copies, so that a rebuild during the run does not replace a jar in use.
DEMO_TRAFFIC="$(snapshot_jar demo-traffic/target/demo-traffic.jar)"
DEPLOY_TOOL="$(snapshot_jar deploy/target/flowsentry-deploy.jar)"

cleanup() {
  touch "$STOP_FILE"
  if [ -n "${MONITOR_PID:-}" ]; then
    kill "$MONITOR_PID" 2>/dev/null || true
    wait "$MONITOR_PID" 2>/dev/null || true
  fi
  stop_service exporter 10 || true
  if [ -n "${TRAFFIC_PID:-}" ]; then
    wait "$TRAFFIC_PID" 2>/dev/null || true
  fi
  if ! $KEEP; then
    "$FLOWSENTRY" down || true
  fi
}
trap cleanup EXIT

# The job's parameters: the floors that fit the scenario's scale (internal networks, window), a consumer
# group and transactional ids of this run, checkpoints every 10 s and a state TTL short enough that
# hosts gone idle (the attacks' spoofed sources) are released within the run.
job_parameters() {
  local file="$SOAK_DIR/job.properties" scenario="$SOAK_DIR/scenario.properties"
  java -Xmx256m -jar "$DEMO_TRAFFIC" labels --scale "$SCALE" \
    --parameters "$scenario" >/dev/null
  {
    grep -v '^\s*#' "$scenario"
    echo "group-id = $RUN_ID"
    echo "transactional-id-prefix = $RUN_ID"
    echo "starting-offsets = latest"
    echo "checkpoint-interval = 10s"
    echo "state.ttl = 5min"
  } >"$file"
  echo "$file"
}

# The exporter, in scenario segments paced in real time: with --attacks the first puts them in the
# middle third of the run; the others are benign for longer than the run (they stop with it).
traffic() {
  local warmup=$((WARMUP_MINUTES + MINUTES + 10)) segment=1 start
  if $ATTACKS; then
    warmup=$((WARMUP_MINUTES + MINUTES / 3))
  fi
  while [ ! -f "$STOP_FILE" ]; do
    start="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    # shellcheck disable=SC2046 # the marker is two words on purpose.
    java $(marker exporter) -Xmx512m -jar "$DEMO_TRAFFIC" export \
      --to "127.0.0.1:$FLOWSENTRY_NETFLOW_PORT" --protocol netflow9 --speed 1 --scale "$SCALE" \
      --warmup "${warmup}m" --start "$start" >>"$SOAK_DIR/traffic.log" 2>&1 || true
    echo "segment $segment ended at $(date -u +%FT%TZ)" >>"$SOAK_DIR/traffic.log"
    segment=$((segment + 1))
    warmup=$((WARMUP_MINUTES + MINUTES + 10))
  done
}

step "Soak $RUN_ID: $MINUTES min of samples every ${INTERVAL_SECONDS}s after a ${WARMUP_MINUTES}-min warm-up, scenario scale $SCALE (about $(awk -v s="$SCALE" -v u="$FLOWS_PER_SECOND_AT_SCALE_ONE" 'BEGIN { printf "%.0f", s * u }') flows/s), state in $FLOWSENTRY_HOME"
"$FLOWSENTRY" up
"$FLOWSENTRY" cancel --all >/dev/null 2>&1 || true
JOB_ID="$("$FLOWSENTRY" submit --parameters "$(job_parameters)" | tail -n 1)"
traffic &
TRAFFIC_PID=$!
step "Traffic started; warming up for $WARMUP_MINUTES min"
sleep $((WARMUP_MINUTES * 60)) &
wait $!   # in the background, so that a signal stops the run at once

step "Sampling for $MINUTES min (report: $SOAK_DIR/report.md)"
status=0
java -Xmx128m -cp "$DEPLOY_TOOL:$LIB_DIR/kafka/*" \
  -Dlog4j2.configurationFile="$FLOWSENTRY_HOME/kafka/log4j2-tools.properties" \
  dev.flowsentry.deploy.soak.SoakMonitor --home "$FLOWSENTRY_HOME" --flink-rest "$FLINK_REST" \
  --job-id "$JOB_ID" --bootstrap-servers "$BOOTSTRAP_SERVERS" \
  --flows-topic "$FLOWSENTRY_FLOWS_TOPIC" --alerts-topic "$FLOWSENTRY_ALERTS_TOPIC" \
  --job-group "$RUN_ID" --forwarder-group soc \
  --decoder-metrics "http://$FLOWSENTRY_HOST:$FLOWSENTRY_DECODER_METRICS_PORT/metrics" \
  --minutes "$MINUTES" --interval-seconds "$INTERVAL_SECONDS" --report "$SOAK_DIR/report.md" &
MONITOR_PID=$!   # in the background, so that a signal stops the monitor with the stack
wait "$MONITOR_PID" || status=$?
MONITOR_PID=
exit "$status"
