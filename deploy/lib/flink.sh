# shellcheck shell=bash
# A Flink standalone session cluster (one JobManager, one TaskManager, the web UI) from the Flink
# jars on Maven Central, without a Flink distribution; and jobs submitted to it over REST.

# The JVM options Flink's own scripts add on Java 17 (flink-dist's config.yaml).
FLINK_JAVA17_OPTIONS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

flink_conf_dir() { echo "$FLOWSENTRY_HOME/flink/conf"; }

flink_write_config() {
  local dir="$FLOWSENTRY_HOME/flink" managed_fraction=0.1
  [ "$FLOWSENTRY_STATE_BACKEND" = rocksdb ] && managed_fraction=0.4
  case "$FLOWSENTRY_STATE_BACKEND" in
    hashmap | rocksdb) ;;
    *) die "FLOWSENTRY_STATE_BACKEND must be hashmap or rocksdb, found '$FLOWSENTRY_STATE_BACKEND'" ;;
  esac
  mkdir -p "$dir/conf" "$dir/tmp" "$dir/upload" "$dir/plugins" "$dir/checkpoints" "$dir/savepoints"
  cat >"$dir/conf/config.yaml" <<YAML
# Written by deploy/flowsentry from its settings; edits are overwritten at the next start.
jobmanager:
  rpc:
    address: $FLOWSENTRY_HOST
    port: $FLOWSENTRY_FLINK_RPC_PORT
  bind-host: $FLOWSENTRY_HOST
  memory:
    process:
      size: $FLOWSENTRY_JOBMANAGER_MEMORY
  execution:
    failover-strategy: region
taskmanager:
  host: $FLOWSENTRY_HOST
  bind-host: $FLOWSENTRY_HOST
  numberOfTaskSlots: $FLOWSENTRY_TASK_SLOTS
  memory:
    process:
      size: $FLOWSENTRY_TASKMANAGER_MEMORY
    managed:
      fraction: $managed_fraction
parallelism:
  default: $FLOWSENTRY_PARALLELISM
rest:
  address: $FLOWSENTRY_HOST
  bind-address: $FLOWSENTRY_HOST
  port: $FLOWSENTRY_FLINK_REST_PORT
web:
  upload:
    dir: $dir/upload
io:
  tmp:
    dirs: $dir/tmp
state:
  backend:
    type: $FLOWSENTRY_STATE_BACKEND
    incremental: true
execution:
  checkpointing:
    dir: file://$dir/checkpoints
    savepoint-dir: file://$dir/savepoints
    num-retained: 2
    externalized-checkpoint-retention: RETAIN_ON_CANCELLATION
env:
  java:
    opts:
      all: $FLINK_JAVA17_OPTIONS
YAML
  cat >"$dir/conf/log4j.properties" <<'PROPERTIES'
monitorInterval = 30
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
appender.main.name = MainAppender
appender.main.type = RollingFile
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.filePattern = ${sys:log.file}.%i
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
appender.main.policies.type = Policies
appender.main.policies.size.type = SizeBasedTriggeringPolicy
appender.main.policies.size.size = 50MB
appender.main.strategy.type = DefaultRolloverStrategy
appender.main.strategy.max = 5
PROPERTIES
}

# The memory flags Flink's scripts would compute (BashJavaUtils): line 1 JVM options, line 2
# dynamic properties for the entry point.
flink_resource_parameters() {
  local command="$1" output
  output="$(java -Xmx128m -cp "$LIB_DIR/flink/*" -Dlog4j2.configurationFile="$(flink_conf_dir)/log4j.properties" \
    -Dlog.file="$LOG_DIR/flink-bash-utils.log" org.apache.flink.runtime.util.bash.BashJavaUtils "$command" \
    --configDir "$(flink_conf_dir)" 2>&1)" || {
    printf '%s\n' "$output" >&2
    die "Flink could not compute its memory settings from $(flink_conf_dir)/config.yaml"
  }
  printf '%s\n' "$output" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -n 2
}

# Starts one Flink process: NAME (jobmanager|taskmanager) RESOURCE_COMMAND MAIN_CLASS.
flink_start_process() {
  local name="$1" resources main="$3" jvm dynamic
  resources="$(flink_resource_parameters "$2")"
  jvm="$(sed -n 1p <<<"$resources")"
  dynamic="$(sed -n 2p <<<"$resources")"
  # shellcheck disable=SC2086 # option lists are split into words on purpose.
  FLINK_CONF_DIR="$(flink_conf_dir)" FLINK_PLUGINS_DIR="$FLOWSENTRY_HOME/flink/plugins" \
    start_jvm "$name" "$LOG_DIR/$name.out" $jvm $FLINK_JAVA17_OPTIONS \
    -Dlog.file="$LOG_DIR/$name.log" -Dlog4j.configurationFile="file:$(flink_conf_dir)/log4j.properties" \
    -Dlog4j2.configurationFile="file:$(flink_conf_dir)/log4j.properties" \
    -cp "$LIB_DIR/flink/*" "$main" --configDir "$(flink_conf_dir)" $dynamic
}

flink_start() {
  require_java
  local service missing=false
  for service in jobmanager $(taskmanager_services); do
    is_running "$service" || missing=true
  done
  if ! $missing; then
    log "flink: already running; web UI $FLINK_REST"
    return
  fi
  require_jar deploy/target/flowsentry-deploy.jar
  ensure_runtime flink
  flink_write_config
  jobmanager_start
  for service in $(taskmanager_services); do
    is_running "$service" || taskmanager_launch "$service"
  done
  await_service jobmanager "$LOG_DIR/jobmanager.log" 120 flink_has_slots
  log "flink: ready with $((FLOWSENTRY_TASKMANAGERS * FLOWSENTRY_TASK_SLOTS)) slots; web UI $FLINK_REST"
}

# The TaskManagers `up` starts: taskmanager, then taskmanager-2 .. taskmanager-N
# (FLOWSENTRY_TASKMANAGERS).
taskmanager_services() {
  local index
  [[ "$FLOWSENTRY_TASKMANAGERS" =~ ^[1-9][0-9]*$ ]] || die "FLOWSENTRY_TASKMANAGERS must be a positive number, found '$FLOWSENTRY_TASKMANAGERS'"
  echo taskmanager
  for ((index = 2; index <= FLOWSENTRY_TASKMANAGERS; index++)); do
    echo "taskmanager-$index"
  done
}

# Every TaskManager service of this state directory that runs, whatever its number.
running_taskmanagers() {
  local home_marker="-Dflowsentry.home=$FLOWSENTRY_HOME "
  process_table | while read -r _ args; do
    case "$args " in
      *"$home_marker"*) sed -n 's/.*-Dflowsentry\.service=\(taskmanager[-0-9]*\) .*/\1/p' <<<"$args " ;;
    esac
  done | sort -u
}

is_taskmanager_service() {
  [[ "$1" =~ ^taskmanager(-[2-9]|-[1-9][0-9]+)?$ ]]
}

jobmanager_start() {
  if is_running jobmanager; then
    return
  fi
  require_free_tcp_ports FLOWSENTRY_FLINK_REST_PORT FLOWSENTRY_FLINK_RPC_PORT
  step "Starting the Flink JobManager (web UI $FLINK_REST)"
  flink_start_process jobmanager GET_JM_RESOURCE_PARAMS org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
}

taskmanager_launch() {
  local name="$1"
  step "Starting a Flink TaskManager ($name) with $FLOWSENTRY_TASK_SLOTS slots ($FLOWSENTRY_STATE_BACKEND state backend)"
  flink_start_process "$name" GET_TM_RESOURCE_PARAMS org.apache.flink.runtime.taskexecutor.TaskManagerRunner
}

# flowsentry start jobmanager|taskmanager|taskmanager-N: one Flink process alone, for example a
# TaskManager again after `flowsentry kill taskmanager`, or one more for more slots.
flink_start_one() {
  local name="$1"
  require_java
  if is_running "$name"; then
    log "$name: already running"
    return
  fi
  require_jar deploy/target/flowsentry-deploy.jar
  ensure_runtime flink
  flink_write_config
  if [ "$name" = jobmanager ]; then
    jobmanager_start
    await_service jobmanager "$LOG_DIR/jobmanager.log" 120 flink_answers
    log "jobmanager: ready; web UI $FLINK_REST"
    return
  fi
  require_flink
  local logfile="$LOG_DIR/$name.log" offset
  offset="$(file_size "$logfile")"
  taskmanager_launch "$name"
  await_service "$name" "$logfile" 120 log_says_since "$logfile" "$offset" "Successful registration at resource manager"
  log "$name: registered with the JobManager ($FLOWSENTRY_TASK_SLOTS slots)"
}

flink_answers() {
  deploy_tool flink-wait --rest "$FLINK_REST" --slots 0 --timeout-seconds 2 >/dev/null 2>&1
}

flink_has_slots() {
  local service
  for service in $(taskmanager_services); do
    is_running "$service" || die "the TaskManager $service exited; see $LOG_DIR/$service.log and $LOG_DIR/$service.out"
  done
  deploy_tool flink-wait --rest "$FLINK_REST" --slots "$((FLOWSENTRY_TASKMANAGERS * FLOWSENTRY_TASK_SLOTS))" --timeout-seconds 2 >/dev/null 2>&1
}

flink_stop() {
  local service
  for service in $(running_taskmanagers); do
    stop_service "$service" 30
  done
  stop_service jobmanager 30
}

require_flink() {
  is_running jobmanager || die "the Flink cluster is not running: start it with deploy/flowsentry up"
}

# Submits the detection job: flowsentry submit [--parameters FILE] [--parallelism N]
# [--savepoint PATH] [-- --name value ...]
flink_submit() {
  local parameters="$FLOWSENTRY_JOB_PARAMETERS" parallelism="$FLOWSENTRY_PARALLELISM" savepoint=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --parameters) parameters="$2"; shift 2 ;;
      --parallelism) parallelism="$2"; shift 2 ;;
      --savepoint) savepoint=(--savepoint "$2"); shift 2 ;;
      --) shift; break ;;
      *) die "submit: unknown option $1 (see deploy/flowsentry help)" ;;
    esac
  done
  require_flink
  require_jar detection-job/target/detection-job.jar
  [ -f "$parameters" ] || die "job parameters file $parameters not found"
  step "Submitting detection-job.jar at parallelism $parallelism with $parameters"
  local job_id security=()
  mapfile -t security < <(job_security_arguments)
  job_id="$(deploy_tool flink-submit --rest "$FLINK_REST" --jar "$FLOWSENTRY_REPOSITORY/detection-job/target/detection-job.jar" \
    --parallelism "$parallelism" --parameters "$parameters" "${savepoint[@]}" -- \
    --bootstrap-servers "$BOOTSTRAP_SERVERS" --flows-topic "$FLOWSENTRY_FLOWS_TOPIC" \
    --alerts-topic "$FLOWSENTRY_ALERTS_TOPIC" "${security[@]}" "$@")" || die "the job did not start (see above, and $LOG_DIR/jobmanager.log)"
  echo "$job_id" >"$RUN_DIR/job.id"
  log "job $job_id running: $FLINK_REST/#/job/running/$job_id/overview"
  echo "$job_id"
}

flink_jobs() {
  require_flink
  deploy_tool flink-jobs --rest "$FLINK_REST" "$@"
}

# flowsentry cancel [JOB_ID...|--all] [--savepoint [DIR]]: without ids, the last submitted job.
flink_cancel() {
  local arguments=() savepoint=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --savepoint)
        if [ $# -ge 2 ] && [ "${2#--}" = "$2" ] && [ "${#2}" -ne 32 ]; then
          savepoint=(--savepoint "$2"); shift 2
        else
          savepoint=(--savepoint "file://$FLOWSENTRY_HOME/flink/savepoints"); shift
        fi
        ;;
      *) arguments+=("$1"); shift ;;
    esac
  done
  require_flink
  if [ ${#arguments[@]} -eq 0 ]; then
    [ -f "$RUN_DIR/job.id" ] || die "no job submitted from here; name a job id (deploy/flowsentry jobs) or use --all"
    arguments=("$(cat "$RUN_DIR/job.id")")
  fi
  deploy_tool flink-cancel --rest "$FLINK_REST" "${savepoint[@]}" "${arguments[@]}"
}
