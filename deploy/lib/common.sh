# shellcheck shell=bash
# Settings, messages and process management shared by deploy/flowsentry's subcommands.

FLOWSENTRY_REPOSITORY="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEPLOY_DIR="$FLOWSENTRY_REPOSITORY/deploy"

# Every setting: an environment variable wins, then what the state directory remembers from the
# last start, then the default. Documented in deploy/README.md ("Settings").
SETTINGS=(
  FLOWSENTRY_HOST=127.0.0.1
  FLOWSENTRY_KAFKA_PORT=9092
  FLOWSENTRY_KAFKA_CONTROLLER_PORT=9093
  FLOWSENTRY_KAFKA_INTERNAL_PORT=9094
  FLOWSENTRY_KAFKA_SECURITY=plaintext
  FLOWSENTRY_KAFKA_HEAP=512m
  FLOWSENTRY_FLINK_REST_PORT=8081
  FLOWSENTRY_FLINK_RPC_PORT=6123
  FLOWSENTRY_JOBMANAGER_MEMORY=1024m
  FLOWSENTRY_TASKMANAGER_MEMORY=1280m
  FLOWSENTRY_TASK_SLOTS=2
  FLOWSENTRY_TASKMANAGERS=1
  FLOWSENTRY_STATE_BACKEND=hashmap
  FLOWSENTRY_NETFLOW_ADDRESS=127.0.0.1
  FLOWSENTRY_NETFLOW_PORT=2055
  FLOWSENTRY_DECODER_METRICS_PORT=9191
  FLOWSENTRY_DECODER_HEAP=512m
  FLOWSENTRY_DECODER_QUEUE_CAPACITY=32768
  FLOWSENTRY_DECODER_ARGS=
  FLOWSENTRY_FORWARDER_METRICS_PORT=9192
  FLOWSENTRY_FORWARDER_HEAP=192m
  FLOWSENTRY_FORWARDER_ARGS=
  FLOWSENTRY_FLOWS_TOPIC=flows
  FLOWSENTRY_ALERTS_TOPIC=alerts
  FLOWSENTRY_PARTITIONS=4
  FLOWSENTRY_PARALLELISM=2
  FLOWSENTRY_JOB_PARAMETERS=
  FLOWSENTRY_MVN=mvn
  FLOWSENTRY_LIB_DIR=
)

log() { printf '%s\n' "$*" >&2; }
step() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Loads the settings (environment > remembered > default) and the state directory's layout.
load_settings() {
  FLOWSENTRY_HOME="${FLOWSENTRY_HOME:-$FLOWSENTRY_REPOSITORY/.flowsentry}"
  mkdir -p "$FLOWSENTRY_HOME"
  FLOWSENTRY_HOME="$(cd "$FLOWSENTRY_HOME" && pwd)"
  local remembered="$FLOWSENTRY_HOME/settings.env" setting name
  for setting in "${SETTINGS[@]}"; do
    name="${setting%%=*}"
    if [ -z "${!name+set}" ]; then
      if [ -f "$remembered" ] && grep -q "^$name=" "$remembered"; then
        printf -v "$name" '%s' "$(sed -n "s/^$name=//p" "$remembered" | tail -n 1)"
      else
        printf -v "$name" '%s' "${setting#*=}"
      fi
    fi
  done
  FLOWSENTRY_JOB_PARAMETERS="${FLOWSENTRY_JOB_PARAMETERS:-$DEPLOY_DIR/conf/job.properties}"
  RUN_DIR="$FLOWSENTRY_HOME/run"
  LOG_DIR="$FLOWSENTRY_HOME/logs"
  LIB_DIR="${FLOWSENTRY_LIB_DIR:-$FLOWSENTRY_HOME/lib}"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  BOOTSTRAP_SERVERS="$FLOWSENTRY_HOST:$FLOWSENTRY_KAFKA_PORT"
  FLINK_REST="http://$FLOWSENTRY_HOST:$FLOWSENTRY_FLINK_REST_PORT"
}

# Remembers the settings in force, so that later commands (status, submit) use the same ports.
remember_settings() {
  local setting name file="$FLOWSENTRY_HOME/settings.env"
  {
    echo "# Settings of the last start; an environment variable of the same name wins."
    for setting in "${SETTINGS[@]}"; do
      name="${setting%%=*}"
      printf '%s=%s\n' "$name" "${!name}"
    done
  } >"$file.tmp"
  mv "$file.tmp" "$file"
}

require_java() {
  command -v java >/dev/null 2>&1 || die "java not found: install a Java 17 runtime (e.g. apt-get install openjdk-17-jre-headless) and put it on PATH"
  local version
  version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [ "${version%%.*}" -ge 17 ] 2>/dev/null || die "java $version found, FlowSentry needs Java 17 or newer"
}

require_maven() {
  command -v "${FLOWSENTRY_MVN%% *}" >/dev/null 2>&1 || die "mvn not found: install Apache Maven 3.8 or newer (e.g. apt-get install maven) and put it on PATH"
}

# Fails with the build command when a jar the stack needs is missing.
require_jar() {
  local jar="$1"
  [ -f "$FLOWSENTRY_REPOSITORY/$jar" ] || die "$jar is missing: build it first with
  (cd $FLOWSENTRY_REPOSITORY && mvn -B -q -DskipTests package)"
}

# A private copy of a built jar for a service to run from, so that a rebuild of the repository
# (mvn package replaces target/*.jar) never pulls a jar from under a running JVM.
snapshot_jar() {
  local jar="$1" copy
  require_jar "$jar"
  mkdir -p "$FLOWSENTRY_HOME/jars"
  copy="$FLOWSENTRY_HOME/jars/$(basename "$jar")"
  cp -f "$FLOWSENTRY_REPOSITORY/$jar" "$copy.tmp" && mv -f "$copy.tmp" "$copy"
  echo "$copy"
}

deploy_tool() {
  require_jar deploy/target/flowsentry-deploy.jar
  java -Xmx128m -XX:TieredStopAtLevel=1 -jar "$FLOWSENTRY_REPOSITORY/deploy/target/flowsentry-deploy.jar" "$@"
}

# Copies a runtime's jars (deploy/runtime/NAME/pom.xml) from the Maven repository, once per version.
ensure_runtime() {
  local name="$1" target="$LIB_DIR/$1" pom="$DEPLOY_DIR/runtime/$1/pom.xml"
  local stamp
  stamp="$(cat "$pom" "$FLOWSENTRY_REPOSITORY/pom.xml" | cksum | cut -d' ' -f1)"
  if [ -f "$target/.complete" ] && [ "$(cat "$target/.complete")" = "$stamp" ]; then
    return
  fi
  require_maven
  step "Fetching the $name runtime from Maven Central into $target"
  rm -rf "$target"
  mkdir -p "$target"
  # shellcheck disable=SC2086 # FLOWSENTRY_MVN may carry flags, e.g. "mvn -o".
  if ! $FLOWSENTRY_MVN -B -q -f "$pom" dependency:copy-dependencies -DoutputDirectory="$target" \
    >"$LOG_DIR/$name-runtime.log" 2>&1; then
    cat "$LOG_DIR/$name-runtime.log" >&2
    die "could not fetch the $name runtime (see above)"
  fi
  echo "$stamp" >"$target/.complete"
}

# True when something accepts TCP connections on HOST PORT.
tcp_listening() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Fails when one of the TCP ports is taken; the arguments name the settings that hold them.
require_free_tcp_ports() {
  local setting port
  for setting in "$@"; do
    port="${!setting}"
    if tcp_listening "$FLOWSENTRY_HOST" "$port"; then
      die "port $port on $FLOWSENTRY_HOST is taken by another program; stop it or choose another port, e.g. $setting=$((port + 10000))"
    fi
  done
}

# The marker every JVM of this state directory carries: how status and stop find them, and how
# a test checks that nothing is left behind.
marker() {
  printf -- '-Dflowsentry.home=%s -Dflowsentry.service=%s' "$FLOWSENTRY_HOME" "$1"
}

# "PID COMMAND LINE" for every process: from ps, or from /proc where ps is missing (slim images).
process_table() {
  if command -v ps >/dev/null 2>&1; then
    ps -ww -eo pid=,args= 2>/dev/null
    return
  fi
  local dir
  for dir in /proc/[0-9]*; do
    [ -r "$dir/cmdline" ] && printf '%s %s\n' "${dir#/proc/}" "$(tr '\0' ' ' <"$dir/cmdline" 2>/dev/null)"
  done
}

# The process ids of a service, found by its marker (not by a name any other program could have).
service_pids() {
  local home_marker="-Dflowsentry.home=$FLOWSENTRY_HOME " service_marker="-Dflowsentry.service=$1 "
  process_table | while read -r pid args; do
    case "$args " in
      *"$home_marker"*"$service_marker"*) echo "$pid" ;;
    esac
  done
}

is_running() {
  [ -n "$(service_pids "$1")" ]
}

# Starts a JVM in the background, detached from the terminal: NAME LOG JAVA_ARGUMENTS...
start_jvm() {
  local name="$1" logfile="$2"
  shift 2
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  # shellcheck disable=SC2046 # the marker is two words on purpose.
  nohup "${detach[@]}" java $(marker "$name") "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  await_launched "$name" $!
}

# Like start_jvm, with standard output and standard error apart: NAME OUT_FILE ERR_FILE ARGUMENTS...
start_jvm_split() {
  local name="$1" out="$2" err="$3"
  shift 3
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  # shellcheck disable=SC2046 # the marker is two words on purpose.
  nohup "${detach[@]}" java $(marker "$name") "$@" >>"$out" 2>>"$err" </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  await_launched "$name" $!
}

# Returns once the process just launched as service NAME (PID) shows its marker in the process
# table, or has exited, or after 10 s. A background command forks first and expands its words (the
# marker's command substitution among them) in the child before it execs java; until then the child
# shows this script's command line, so an is_running right after the launch could report a starting
# service as exited (seen under load: 18 of 200 launches not yet visible).
await_launched() {
  local name="$1" pid="$2" tries=0
  while [ "$tries" -lt 200 ] && kill -0 "$pid" 2>/dev/null && ! is_running "$name"; do
    sleep 0.05
    tries=$((tries + 1))
  done
}

# Stops a service: SIGTERM, then SIGKILL after TIMEOUT seconds. Idempotent.
stop_service() {
  local name="$1" timeout="${2:-30}" pids waited=0
  pids="$(service_pids "$name")"
  if [ -z "$pids" ]; then
    rm -f "$RUN_DIR/$name.pid"
    return
  fi
  step "Stopping $name (pid $(echo $pids))"
  # shellcheck disable=SC2086
  kill $pids 2>/dev/null || true
  while [ -n "$(service_pids "$name")" ] && [ "$waited" -lt $((timeout * 5)) ]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  pids="$(service_pids "$name")"
  if [ -n "$pids" ]; then
    log "$name did not stop within ${timeout}s: killing it"
    # shellcheck disable=SC2086
    kill -9 $pids 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$RUN_DIR/$name.pid"
}

# SIGKILL for a service, as a crash would; returns once its processes are gone. Idempotent.
kill_service() {
  local name="$1" pids waited=0
  pids="$(service_pids "$name")"
  if [ -z "$pids" ]; then
    log "$name: not running"
    rm -f "$RUN_DIR/$name.pid"
    return
  fi
  step "Killing $name (SIGKILL, pid $(echo $pids))"
  # shellcheck disable=SC2086
  kill -9 $pids 2>/dev/null || true
  while [ -n "$(service_pids "$name")" ] && [ "$waited" -lt 100 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  [ -z "$(service_pids "$name")" ] || die "$name still runs after SIGKILL: $(service_pids "$name" | xargs)"
  rm -f "$RUN_DIR/$name.pid"
}

# Waits until CONDITION (a command) succeeds, the service dies (its log tail is shown), or
# TIMEOUT seconds pass: NAME LOG TIMEOUT CONDITION...
await_service() {
  local name="$1" logfile="$2" timeout="$3"
  shift 3
  local deadline=$((SECONDS + timeout))
  while [ $SECONDS -lt $deadline ]; do
    if "$@"; then
      return 0
    fi
    if ! is_running "$name"; then
      log "$name exited during startup; the end of $logfile:"
      tail -n 25 "$logfile" >&2
      die "$name did not start"
    fi
    sleep 0.5
  done
  log "the end of $logfile:"
  tail -n 25 "$logfile" >&2
  die "$name not ready within ${timeout}s"
}

# True when FILE has grown past byte OFFSET with a line containing TEXT.
log_says_since() {
  local file="$1" offset="$2" text="$3"
  [ -f "$file" ] && tail -c +"$((offset + 1))" "$file" | grep -qF -- "$text"
}

file_size() {
  if [ -f "$1" ]; then wc -c <"$1" | tr -d ' '; else echo 0; fi
}
