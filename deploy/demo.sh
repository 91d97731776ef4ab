#!/usr/bin/env bash
# The README's first command: FlowSentry working on this machine, end to end.
#
# Builds the project, starts a real Kafka broker (KRaft) and a real Flink session cluster from the
# jars on Maven Central, starts the decoder and the alert forwarder, submits the detection job,
# then replays a labelled scenario (benign background and heavy hitters, a SYN flood, a UDP flood,
# an ICMP flood, a horizontal and a vertical scan, an exfiltration) through a real NetFlow
# exporter (softflowd when installed, else FlowSentry's own) and prints the alerts as they arrive.
#
# Needs Java 17 and Maven; runs as an ordinary user. Stop everything with: ./deploy/flowsentry down
# Options: --no-build (use the jars already built), --no-follow (return after the replay),
#          --exporter softflowd|netflow9|ipfix, --speed X (own exporter: 0 = as fast as possible)
set -euo pipefail
cd "$(dirname "$0")/.."
FLOWSENTRY=./deploy/flowsentry

build=true follow=true replay_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false; shift ;;
    --no-follow) follow=false; shift ;;
    --exporter | --speed) replay_options+=("$1" "$2"); shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v java >/dev/null 2>&1 || { echo "error: java not found: install Java 17 (e.g. apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
state="${FLOWSENTRY_HOME:-$PWD/.flowsentry}"
mkdir -p "$state/logs"

if $build; then
  command -v mvn >/dev/null 2>&1 || { echo "error: mvn not found: install Apache Maven (e.g. apt-get install maven)" >&2; exit 1; }
  echo "==> Building FlowSentry (mvn -DskipTests package; the first build downloads the dependencies, a few minutes)"
  if ! mvn -B -q -DskipTests -Dspotless.check.skip=true package >"$state/logs/build.log" 2>&1; then
    tail -n 40 "$state/logs/build.log" >&2
    echo "error: the build failed; the whole log is in $state/logs/build.log" >&2
    exit 1
  fi
fi

$FLOWSENTRY up
$FLOWSENTRY scenario
$FLOWSENTRY submit --parameters "$state/demo/job.properties"
$FLOWSENTRY replay "${replay_options[@]}"

rest_port="$(sed -n 's/^FLOWSENTRY_FLINK_REST_PORT=//p' "$state/settings.env")"
metrics_port="$(sed -n 's/^FLOWSENTRY_DECODER_METRICS_PORT=//p' "$state/settings.env")"
cat <<TEXT

FlowSentry is running the demo.
  Flink web UI       http://localhost:${rest_port}
  decoder metrics    http://localhost:${metrics_port}/metrics
  what was injected  $state/demo/labels.json
  status             ./deploy/flowsentry status
  stop everything    ./deploy/flowsentry down

Alerts as the forwarder delivers them (the first appear about half a minute from now):
TEXT
if $follow; then
  trap 'echo; echo "Stopped following. The stack still runs: ./deploy/flowsentry down stops it."; exit 0' INT
  $FLOWSENTRY alerts -f
fi
