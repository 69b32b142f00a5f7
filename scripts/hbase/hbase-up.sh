#!/usr/bin/env bash
# Starts a local standalone HBase 2.6 (hadoop3 build) and its REST gateway, both on 127.0.0.1.
#
#   scripts/hbase/hbase-up.sh            # start (or confirm already running), wait until ready
#   scripts/hbase/hbase-down.sh [--wipe] # stop
#   scripts/hbase/hbase-rest-tls.sh up   # optional: a second, TLS-enabled REST gateway (for tests)
#
# Standalone = one JVM running HMaster + ZooKeeper + one region server, data on the local
# filesystem under .hbase/data; a second JVM runs org.apache.hadoop.hbase.rest.RESTServer.
# Jars come from Maven Central through `mvn` (scripts/hbase/pom.xml) into ~/.m2; nothing is
# downloaded into the repository. Idempotent: a second call finds the running JVMs, re-checks
# readiness and returns.
#
# Environment (all optional):
#   HBASE_REST_PORT        REST port (default 8080)
#   HBASE_ZK_PORT          ZooKeeper client port (default 2181)
#   HBASE_START_TIMEOUT    seconds to wait for readiness (default 180)
#   HBASE_MASTER_HEAP      -Xmx of the HMaster JVM (default 1g; it grows from 64m as needed)
#   HBASE_REST_HEAP        -Xmx of the REST JVM (default 256m; also the TLS gateway of hbase-rest-tls.sh)
#   HBASE_JVM_TUNING       JIT/GC flags (default "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
#                          set it empty for the JVM defaults, for throughput)
#   HBASE_JVM_OPTS         extra JVM options for both JVMs
#   HBASE_LOCAL_DIR        state dir (default <repo>/.hbase)
#   HBASE_MVN_ARGS         extra Maven arguments, e.g. -o or -Dmaven.repo.local=DIR
#   JAVA_HOME / MVN        java and maven to use (default: java and mvn on PATH)
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

T0=$(hb_now)
TIMEOUT=${HBASE_START_TIMEOUT:-180}
MASTER_HEAP=${HBASE_MASTER_HEAP:-1g}
MVN=${MVN:-mvn}
PROBE_TABLE=homefeed_ready_probe

die() { echo "hbase-up: $*" >&2; exit 1; }

[ -n "$JAVA" ] || die "no java found (install OpenJDK 17, or set JAVA_HOME)"
command -v curl >/dev/null || die "curl is required"
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
JAVA_MAJOR=${JAVA_MAJOR#1.}
[ "${JAVA_MAJOR:-0}" -ge 11 ] 2>/dev/null || die "java $JAVA_MAJOR found; HBase here is run on JDK 11+ (17 tested)"

mkdir -p "$HB_CONF_DIR" "$HB_DATA_DIR" "$HB_TMP_DIR" "$HB_LOG_DIR" "$HB_RUN_DIR"
hb_lock "$TIMEOUT" hbase-up

# ---------------------------------------------------------------- classpath (Maven -> ~/.m2)
# Cached in .hbase/classpath.txt, keyed by the pom's checksum; re-resolved when the pom changes
# or a jar went missing from ~/.m2. First run downloads ~150 MB (114 MB of jars + Maven plugins).
resolve_classpath() {
  local key cached_key ok=1 tmp
  key=$(sha256sum "$HB_POM" | cut -d' ' -f1)
  cached_key=$(cat "$HB_CLASSPATH_FILE.key" 2>/dev/null || true)
  if [ -s "$HB_CLASSPATH_FILE" ] && [ "$key" = "$cached_key" ]; then
    local -a jars
    IFS=: read -r -a jars <"$HB_CLASSPATH_FILE" || true
    for jar in "${jars[@]}"; do [ -f "$jar" ] || { ok=0; break; }; done
    [ "$ok" = 1 ] && return 0
  fi
  command -v "$MVN" >/dev/null || die "mvn is required to fetch the HBase jars (apt-get install maven)"
  echo "hbase-up: resolving HBase jars with Maven (first run downloads ~150 MB into ~/.m2)..."
  tmp=$HB_STATE_DIR/classpath.txt.tmp
  # shellcheck disable=SC2086
  if ! "$MVN" -B -q ${HBASE_MVN_ARGS:-} -f "$HB_POM" dependency:build-classpath \
      -Dmdep.outputFile="$tmp" -Dmdep.includeScope=runtime >"$HB_LOG_DIR/maven.log" 2>&1; then
    tail -n 40 "$HB_LOG_DIR/maven.log" >&2
    die "Maven could not resolve scripts/hbase/pom.xml (full log: $HB_LOG_DIR/maven.log)"
  fi
  mv "$tmp" "$HB_CLASSPATH_FILE"
  echo "$key" >"$HB_CLASSPATH_FILE.key"
}
resolve_classpath

# ---------------------------------------------------------------- configuration
write_conf() {
  hb_write_site "$HB_CONF_DIR" "$HB_REST_PORT" hbase-up.sh
  hb_write_site "$HB_REST_CONF_DIR" "$HB_REST_PORT" hbase-up.sh "$HB_GATEWAY_CLIENT_SITE"

  cat >"$HB_CONF_DIR/log4j2.properties" <<'EOF'
# Written by scripts/hbase/hbase-up.sh. Every JVM here logs to stderr, which the scripts send to .hbase/logs/<name>.log.
status = warn
name = homefeed-hbase
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{ISO8601} %-5p [%t] %c{2}: %.1000m%n
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = console
logger.zookeeper.name = org.apache.zookeeper
logger.zookeeper.level = WARN
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = WARN
logger.hbase.name = org.apache.hadoop.hbase
logger.hbase.level = INFO
EOF
}

# ---------------------------------------------------------------- JVMs

# start_jvm NAME HEAP CONF_DIR MAIN_CLASS ARGS...: background JVM (hb_start_jvm).
start_jvm() {
  local name=$1 heap=$2 conf_dir=$3
  shift 3
  hb_start_jvm "$name" "$heap" "$conf_dir" "$@" || die "could not start the $name JVM (see $HB_LOG_DIR/$name.log)"
}

STARTED=()
on_failure() {
  local name
  echo "" >&2
  for name in master rest; do
    echo "----- last 40 lines of $HB_LOG_DIR/$name.log -----" >&2
    tail -n 40 "$HB_LOG_DIR/$name.log" >&2 2>/dev/null || echo "(no log)" >&2
  done
  if [ "${#STARTED[@]}" -gt 0 ] && [ -z "${HBASE_KEEP_ON_FAILURE:-}" ]; then
    echo "hbase-up: stopping the JVMs this run started (${STARTED[*]}); set HBASE_KEEP_ON_FAILURE=1 to keep them" >&2
    for name in "${STARTED[@]}"; do
      hb_terminate "$name" 10 hbase-up >&2 || true
    done
  fi
}
fail() { echo "hbase-up: $*" >&2; on_failure; exit 1; }

check_alive() {
  local name=$1
  hb_running_pid "$name" >/dev/null || fail "the $name JVM exited during startup (log: $HB_LOG_DIR/$name.log)"
}

REST=http://$HB_HOST:$HB_REST_PORT
DEADLINE=$(( $(date +%s) + TIMEOUT ))
time_left() { [ "$(date +%s)" -lt "$DEADLINE" ]; }

# http METHOD PATH [BODY] -> prints the status code (000 when nothing answers)
http() {
  local method=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -s -o /dev/null -w '%{http_code}' -m 30 -X "$method" -H 'Content-Type: application/json' \
      -H 'Accept: application/json' --data "$body" "$REST$path" || true
  else
    curl -s -o /dev/null -w '%{http_code}' -m 30 -X "$method" -H 'Accept: application/json' "$REST$path" || true
  fi
}

# Ready = REST answers /version/cluster (so it reaches the master) AND a table can be created,
# written, read and deleted (so meta is online and the region server serves regions).
probe_ready() {
  local code value b64 row
  code=$(http GET /version/cluster)
  [ "$code" = 200 ] || { PROBE_MSG="GET /version/cluster -> $code"; return 1; }
  code=$(http PUT "/$PROBE_TABLE/schema" "{\"name\":\"$PROBE_TABLE\",\"ColumnSchema\":[{\"name\":\"f\"}]}")
  [ "$code" = 201 ] || [ "$code" = 200 ] || { PROBE_MSG="PUT /$PROBE_TABLE/schema -> $code"; return 1; }
  row=$(printf 'r' | base64); value=$(printf 'ok' | base64); b64=$(printf 'f:q' | base64)
  code=$(http PUT "/$PROBE_TABLE/r/f:q" "{\"Row\":[{\"key\":\"$row\",\"Cell\":[{\"column\":\"$b64\",\"\$\":\"$value\"}]}]}")
  [ "$code" = 200 ] || { PROBE_MSG="PUT /$PROBE_TABLE/r/f:q -> $code"; return 1; }
  curl -s -m 30 -H 'Accept: application/json' "$REST/$PROBE_TABLE/r/f:q" | grep -q "\"$value\"" \
    || { PROBE_MSG="GET /$PROBE_TABLE/r/f:q did not return the cell"; return 1; }
  code=$(http DELETE "/$PROBE_TABLE/schema")
  [ "$code" = 200 ] || { PROBE_MSG="DELETE /$PROBE_TABLE/schema -> $code"; return 1; }
  return 0
}

# ---------------------------------------------------------------- main
# Clear stale pid files (process gone or pid reused by something else).
for name in master rest; do
  if [ -f "$(hb_pidfile "$name")" ] && ! hb_running_pid "$name" >/dev/null; then rm -f "$(hb_pidfile "$name")"; fi
done

# JVMs of this state dir running without a pid file (e.g. run/ deleted): refuse rather than double-start.
for name in master rest; do
  if ! hb_running_pid "$name" >/dev/null && [ -n "$(hb_marked_pids "$name")" ]; then
    die "a $name JVM for $HB_STATE_DIR is running without a pid file (pids: $(hb_marked_pids "$name" | hb_join)); run scripts/hbase/hbase-down.sh first"
  fi
done

MASTER_PID=$(hb_running_pid master || true)
REST_PID=$(hb_running_pid rest || true)
for pid in $MASTER_PID $REST_PID; do
  hb_same_ports "$pid" || die "HBase is already running with other ports than ZooKeeper $HB_ZK_PORT / REST $HB_REST_PORT; run scripts/hbase/hbase-down.sh first"
done

write_conf
T_JVM=$(hb_now)

# Ports must be free for whatever we are about to start (checked before starting anything).
if [ -z "$MASTER_PID" ] && hb_port_open "$HB_ZK_PORT"; then
  die "port $HB_ZK_PORT (ZooKeeper) on $HB_HOST is taken by another process; stop it or set HBASE_ZK_PORT"
fi
if [ -z "$REST_PID" ] && hb_port_open "$HB_REST_PORT"; then
  die "port $HB_REST_PORT (REST) on $HB_HOST is taken by another process; stop it or set HBASE_REST_PORT"
fi

if [ -z "$MASTER_PID" ]; then
  echo "hbase-up: starting HMaster (standalone: ZooKeeper :$HB_ZK_PORT + region server in-process)"
  start_jvm master "$MASTER_HEAP" "$HB_CONF_DIR" org.apache.hadoop.hbase.master.HMaster start
  STARTED+=(master)
else
  echo "hbase-up: HMaster already running (pid $MASTER_PID)"
fi

if [ -z "$REST_PID" ]; then
  # The REST server's HBase connection needs ZooKeeper: start it once ZK listens.
  until hb_port_open "$HB_ZK_PORT"; do
    check_alive master
    time_left || fail "ZooKeeper did not listen on $HB_HOST:$HB_ZK_PORT within ${TIMEOUT}s"
    sleep 0.5
  done
  echo "hbase-up: starting REST gateway on $REST"
  start_jvm rest "$HB_REST_HEAP" "$HB_REST_CONF_DIR" org.apache.hadoop.hbase.rest.RESTServer start -p "$HB_REST_PORT"
  STARTED+=(rest)
else
  echo "hbase-up: REST gateway already running (pid $REST_PID)"
fi

PROBE_MSG="no answer yet"
until probe_ready; do
  check_alive master
  check_alive rest
  time_left || fail "HBase not ready within ${TIMEOUT}s (last check: $PROBE_MSG)"
  sleep 1
done

echo "hbase-up: HBase ready in $(hb_elapsed "$T_JVM")s (total $(hb_elapsed "$T0")s incl. classpath)"
echo "hbase-up:   REST       $REST"
echo "hbase-up:   ZooKeeper  $HB_HOST:$HB_ZK_PORT"
echo "hbase-up:   pids       master $(hb_running_pid master) rest $(hb_running_pid rest)  (logs: $HB_LOG_DIR)"
echo "HBASE_REST_URL=$REST"
