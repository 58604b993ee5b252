#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft, combined broker + controller) on 127.0.0.1, for integration tests.
#
#   kafka.sh fetch    resolve Kafka and its runtime jars from Maven Central into $KONTRACT_INFRA_DIR/kafka/lib
#   kafka.sh start    write server.properties, format fresh storage, start the server in the background
#   kafka.sh wait     block until a topic can really be created and deleted (or fail with the log's tail)
#   kafka.sh stop     stop the server (TERM, then KILL after a grace time) and wait for its ports to close
#   kafka.sh status   print whether it runs; exit 0 if it does, 3 if not
#   kafka.sh tool <main class> [args]   run a Kafka CLI class with the fetched jars, e.g.
#                     kafka.sh tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:19092 --list
#
# Every start begins from empty storage: tests never see topics or offsets from an earlier run.
# Environment: KONTRACT_INFRA_DIR, KONTRACT_KAFKA_VERSION (4.3.1), KONTRACT_KAFKA_PORT (19092),
# KONTRACT_KAFKA_CONTROLLER_PORT (19093), KONTRACT_KAFKA_HEAP (512m), KONTRACT_KAFKA_WAIT_TIMEOUT (60 s),
# KONTRACT_JAVA, KONTRACT_MVN, KONTRACT_MAVEN_REPO_LOCAL. See docs/infra.md.

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_VERSION="${KONTRACT_KAFKA_VERSION:-4.3.1}"
KAFKA_PORT="${KONTRACT_KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KONTRACT_KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_HEAP="${KONTRACT_KAFKA_HEAP:-512m}"
WAIT_TIMEOUT="${KONTRACT_KAFKA_WAIT_TIMEOUT:-60}"

LIB_DIR="$INFRA_DIR/kafka/lib"
RUN_DIR="$RUN_ROOT/kafka-$KAFKA_PORT"
MARKER="kafka-$KAFKA_PORT"
LOG="$RUN_DIR/server.log"
BOOTSTRAP="$HOST:$KAFKA_PORT"

fetched() { [[ -f "$LIB_DIR/.version" && "$(cat "$LIB_DIR/.version")" == "$KAFKA_VERSION" ]]; }

cmd_fetch() {
  if fetched; then return 0; fi
  local started tmp
  started="$(now_ms)"
  info "kafka: fetching Kafka $KAFKA_VERSION and its runtime dependencies from Maven Central"
  mkdir -p "$INFRA_DIR/kafka"
  tmp="$(mktemp -d "$INFRA_DIR/kafka/lib.tmp.XXXXXX")"
  if ! run_maven -f "$INFRA_SCRIPTS/kafka/pom.xml" "-Dkafka.version=$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$tmp" >"$tmp.log" 2>&1; then
    grep -E 'ERROR' "$tmp.log" | head -n 5 >&2 || cat "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    die "kafka: could not resolve Kafka $KAFKA_VERSION from Maven Central (see the lines above)"
  fi
  rm -f "$tmp.log"
  printf '%s\n' "$KAFKA_VERSION" >"$tmp/.version"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  info "kafka: fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIB_DIR" | cut -f1)) in $(elapsed_s "$started")s"
}

# Runs one Kafka CLI class in a short-lived JVM tuned to start fast rather than run long.
cmd_tool() {
  fetched || die "kafka: not fetched yet (run kafka.sh fetch)"
  local main="$1"
  shift
  mkdir -p "$INFRA_DIR/kafka"
  write_tools_log4j "$INFRA_DIR/kafka/tools-log4j2.properties"
  "$(java_bin)" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$INFRA_DIR/kafka/tools-log4j2.properties" \
    -cp "$LIB_DIR/*" "$main" "$@"
}

write_tools_log4j() {
  cat >"$1" <<'EOF'
# CLI tools: warnings and errors only, on stderr, so their stdout stays parseable.
status = warn
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF
}

write_config() {
  cat >"$RUN_DIR/server.properties" <<EOF
# Written by scripts/infra/kafka.sh on every start; edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$RUN_DIR/data
# Tests create their topics explicitly, as production clusters require.
auto.create.topics.enable=false
num.partitions=1
# One node: every internal topic has a single replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer internal partitions and no rebalance delay make the first consumer group join take
# milliseconds instead of seconds; clients cannot observe the difference.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
# Never delete data: test records carry the demo's (past) timestamps, and retention judged against
# them deleted whole segments mid-run, so a recording found a partition already emptied. A
# throwaway broker has nothing to reclaim.
log.retention.ms=-1
log.retention.bytes=-1
EOF
  cat >"$RUN_DIR/log4j2.properties" <<'EOF'
# Broker log: one file (stdout is redirected to server.log), INFO for Kafka, quieter for chatty classes.
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = WARN
logger.appinfo.name = org.apache.kafka.common.utils.AppInfoParser
logger.appinfo.level = WARN
EOF
  # Short client timeouts so that `wait` polls instead of hanging on a broker that is not ready.
  cat >"$RUN_DIR/admin.properties" <<'EOF'
request.timeout.ms=5000
default.api.timeout.ms=8000
EOF
  printf '%s %s\n' "$KAFKA_PORT" "$CONTROLLER_PORT" >"$RUN_DIR/ports"
}

# A KRaft cluster id: 16 random bytes, base64url without padding (what `StorageTool random-uuid` prints).
new_cluster_id() { head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

cmd_start() {
  local pid port cluster_id
  lock_instance "$MARKER"
  if pid="$(pid_of_instance "$RUN_DIR" "$MARKER")"; then
    info "kafka: already running (pid $pid) on $BOOTSTRAP"
    return 0
  fi
  clear_stale_pid "$RUN_DIR" "$MARKER" || true
  for port in "$KAFKA_PORT" "$CONTROLLER_PORT"; do
    if port_open "$port"; then die "kafka: port $HOST:$port is already in use by another process"; fi
  done
  require_java 17 "Kafka 4"
  cmd_fetch
  mkdir -p "$RUN_DIR"
  rm -rf "$RUN_DIR/data" "$RUN_DIR/ready"
  write_config
  write_tools_log4j "$RUN_DIR/tools-log4j2.properties"
  cluster_id="$(new_cluster_id)"
  printf '%s\n' "$cluster_id" >"$RUN_DIR/cluster-id"
  if ! "$(java_bin)" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    "-Dlog4j2.configurationFile=$RUN_DIR/tools-log4j2.properties" -cp "$LIB_DIR/*" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN_DIR/server.properties" --standalone \
    >"$RUN_DIR/format.log" 2>&1; then
    tail_log "$RUN_DIR/format.log"
    die "kafka: formatting the storage in $RUN_DIR/data failed"
  fi
  launch "$RUN_DIR" "$LOG" "$MARKER" "$(java_bin)" "-Dkontract.infra=$MARKER" \
    -Xms128m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$RUN_DIR/log4j2.properties" "-Dkafka.logs.dir=$RUN_DIR" \
    -cp "$LIB_DIR/*" kafka.Kafka "$RUN_DIR/server.properties"
  date +%s%3N >"$RUN_DIR/started-at"
  info "kafka: started pid $(cat "$RUN_DIR/pid") on $BOOTSTRAP (controller $HOST:$CONTROLLER_PORT), log $LOG"
}

# One readiness probe: create and delete a throwaway topic through the admin CLI.
probe_topic_roundtrip() {
  local topic="kontract-ready-$$-$1" admin=(--bootstrap-server "$BOOTSTRAP" --command-config "$RUN_DIR/admin.properties")
  cmd_tool org.apache.kafka.tools.TopicCommand "${admin[@]}" --create --topic "$topic" \
    --partitions 1 --replication-factor 1 >/dev/null 2>>"$RUN_DIR/wait.log" &&
    cmd_tool org.apache.kafka.tools.TopicCommand "${admin[@]}" --delete --topic "$topic" \
      >/dev/null 2>>"$RUN_DIR/wait.log"
}

cmd_wait() {
  local pid deadline attempt=0 since
  pid="$(pid_of_instance "$RUN_DIR" "$MARKER")" || {
    tail_log "$LOG"
    die "kafka: not running: it exited (see its log above) or was never started (run kafka.sh start)"
  }
  if [[ -f "$RUN_DIR/ready" ]] && port_open "$KAFKA_PORT"; then
    info "kafka: ready on $BOOTSTRAP"
    return 0
  fi
  since="$(cat "$RUN_DIR/started-at" 2>/dev/null || now_ms)"
  deadline=$(($(date +%s) + WAIT_TIMEOUT))
  : >"$RUN_DIR/wait.log"
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail_log "$LOG"
      die "kafka: the server (pid $pid) exited during start-up"
    fi
    if port_open "$KAFKA_PORT"; then
      attempt=$((attempt + 1))
      if probe_topic_roundtrip "$attempt"; then break; fi
    fi
    if (($(date +%s) >= deadline)); then
      tail_log "$RUN_DIR/wait.log"
      tail_log "$LOG"
      die "kafka: not ready after ${WAIT_TIMEOUT}s: no topic could be created and deleted on $BOOTSTRAP"
    fi
    sleep 0.25
  done
  : >"$RUN_DIR/ready"
  info "kafka: ready on $BOOTSTRAP ($(elapsed_s "$since")s after start, RSS $(rss_mb "$pid") MB)"
}

cmd_status() {
  local pid
  if pid="$(pid_of_instance "$RUN_DIR" "$MARKER")"; then
    local state=starting
    [[ -f "$RUN_DIR/ready" ]] && state=ready
    printf 'kafka: %s, pid %s, %s, RSS %s MB, log %s\n' "$state" "$pid" "$BOOTSTRAP" "$(rss_mb "$pid")" "$LOG"
    return 0
  fi
  printf 'kafka: stopped (%s)\n' "$BOOTSTRAP"
  return 3
}

case "${1:-}" in
fetch) cmd_fetch ;;
start) cmd_start ;;
wait) cmd_wait ;;
stop) stop_instance "$RUN_DIR" "$MARKER" ;;
status) cmd_status ;;
tool)
  shift
  [[ $# -ge 1 ]] || die "usage: kafka.sh tool <main class> [args...]"
  cmd_tool "$@"
  ;;
*)
  printf 'usage: %s {fetch|start|stop|status|wait|tool <main class> [args...]}\n' "$0" >&2
  exit 2
  ;;
esac
