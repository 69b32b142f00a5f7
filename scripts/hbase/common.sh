# shellcheck shell=bash disable=SC2034
# Shared settings and helpers for hbase-up.sh / hbase-down.sh / hbase-rest-tls.sh. Sourced, not run.
# Every path derives from this file's location, so the scripts work from any cwd and in any clone.

HB_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HB_REPO_ROOT=$(cd "$HB_SCRIPT_DIR/../.." && pwd)
# All state (classpath cache, config, data, logs, pid files) lives here; .hbase/ is git-ignored.
HB_STATE_DIR=${HBASE_LOCAL_DIR:-$HB_REPO_ROOT/.hbase}
HB_CONF_DIR=$HB_STATE_DIR/conf
HB_DATA_DIR=$HB_STATE_DIR/data
HB_TMP_DIR=$HB_STATE_DIR/tmp
HB_LOG_DIR=$HB_STATE_DIR/logs
HB_RUN_DIR=$HB_STATE_DIR/run
HB_CLASSPATH_FILE=$HB_STATE_DIR/classpath.txt
HB_POM=$HB_SCRIPT_DIR/pom.xml

HB_REST_PORT=${HBASE_REST_PORT:-8080}
HB_ZK_PORT=${HBASE_ZK_PORT:-2181}
HB_HOST=127.0.0.1
# The optional TLS gateway (hbase-rest-tls.sh): its own conf dir, keystore and CA under .hbase/.
HB_REST_TLS_PORT=${HBASE_REST_TLS_PORT:-8443}
HB_TLS_CONF_DIR=$HB_STATE_DIR/conf-tls
# The gateways' own configuration: the cluster's, plus the client settings below.
HB_REST_CONF_DIR=$HB_STATE_DIR/conf-rest

# A REST gateway's HBase client gives up within seconds when the cluster is unreachable,
# instead of retrying for minutes (defaults: 15 retries, 20 min operation timeout), so callers
# get a 5xx answer (homefeed: UNAVAILABLE) while the cluster is down rather than a hang.
HB_GATEWAY_CLIENT_SITE="  <!-- the gateway's HBase client: fail within seconds while the cluster is unreachable -->
  <property><name>hbase.client.retries.number</name><value>3</value></property>
  <property><name>hbase.client.pause</name><value>100</value></property>
  <property><name>hbase.rpc.timeout</name><value>1000</value></property>
  <property><name>hbase.client.operation.timeout</name><value>1500</value></property>
  <property><name>hbase.client.meta.operation.timeout</name><value>1500</value></property>
  <property><name>zookeeper.recovery.retry</name><value>1</value></property>
"
HB_TLS_DIR=$HB_STATE_DIR/tls

# -Xmx of the REST gateways (plain and TLS).
HB_REST_HEAP=${HBASE_REST_HEAP:-256m}
# C1-only JIT and the serial GC: ~25% faster start and ~60 MB less RSS per JVM on 2 cores, at the
# cost of peak throughput. HBASE_JVM_TUNING= (empty) runs the JVM defaults (C2, G1) instead.
HB_JVM_TUNING=${HBASE_JVM_TUNING--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA=$JAVA_HOME/bin/java; else JAVA=$(command -v java || true); fi

# Module flags HBase's bin/hbase passes on JDK 11+ (add_jdk11_jvm_flags, HBase 2.6).
JDK11_FLAGS=(
  -Dorg.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible=true
  --add-modules jdk.unsupported
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-exports java.base/sun.net.dns=ALL-UNNAMED
  --add-exports java.base/sun.net.util=ALL-UNNAMED
)

# JVM marker: lets hbase-down.sh find JVMs of *this* state dir even if a pid file was lost.
HB_MARKER="-Dhomefeed.hbase.dir=$HB_STATE_DIR"
# Records the ports a JVM was started with, so hbase-up.sh can tell a mismatch.
HB_PORTS_MARKER="-Dhomefeed.hbase.ports=zk:$HB_ZK_PORT,rest:$HB_REST_PORT"

# name -> main class
hb_class() {
  case "$1" in
    master) echo org.apache.hadoop.hbase.master.HMaster ;;
    rest | rest-tls) echo org.apache.hadoop.hbase.rest.RESTServer ;;
  esac
}

# name -> the ports marker its JVM carries
hb_ports_marker() {
  case "$1" in
    rest-tls) echo "-Dhomefeed.hbase.ports=rest-tls:$HB_REST_TLS_PORT" ;;
    *) echo "$HB_PORTS_MARKER" ;;
  esac
}

hb_pidfile() { echo "$HB_RUN_DIR/$1.pid"; }

# True if $2 is a live process whose command line is our JVM for component $1
# (-Dproc_<name> tells the two REST gateways apart: both run RESTServer).
hb_is_ours() {
  local name=$1 pid=$2 cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == *" -Dproc_$name "* && "$cmd" == *"$HB_MARKER "* && "$cmd" == *"$(hb_class "$name") "* ]]
}

# Prints the pid of component $1 if it is running (per its pid file), else nothing; returns 1.
hb_running_pid() {
  local name=$1 f pid
  f=$(hb_pidfile "$name")
  [ -f "$f" ] || return 1
  pid=$(cat "$f" 2>/dev/null || true)
  if hb_is_ours "$name" "$pid"; then
    echo "$pid"
    return 0
  fi
  return 1
}

# hb_same_ports PID [NAME]: true if the running JVM PID (component NAME, default master/rest)
# was started with the ports now configured.
hb_same_ports() {
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == *"$(hb_ports_marker "${2:-master}") "* ]]
}

# Pids of any JVM carrying our marker for component $1 (pid file or not).
hb_marked_pids() {
  local name=$1 p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    hb_is_ours "$name" "$p" && echo "$p"
  done
  return 0
}

# Pids of component $1: the pid-file one plus any marked orphan.
hb_pids() {
  { hb_running_pid "$1" || true; hb_marked_pids "$1"; } | sort -u
}

hb_alive() { [ -n "$(hb_pids "$1")" ]; }

# hb_wait_gone NAME SECONDS: true once no JVM of NAME is left.
hb_wait_gone() {
  local name=$1
  for _ in $(seq 1 $(($2 * 5))); do
    hb_alive "$name" || return 0
    sleep 0.2
  done
  ! hb_alive "$name"
}

# True if something accepts TCP connections on 127.0.0.1:$1.
hb_port_open() {
  (exec 3<>"/dev/tcp/$HB_HOST/$1") 2>/dev/null
}

# Waits (up to 5 s per pid) until exited pids are reaped, so `ps` stops listing them as <defunct>.
hb_wait_reaped() {
  local pid
  for pid in "$@"; do
    for _ in $(seq 1 25); do
      [ -d "/proc/$pid" ] || break
      [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] || break
      sleep 0.2
    done
  done
}

# Joins lines into one space-separated line.
hb_join() { tr '\n' ' ' | sed 's/ *$//'; }

# hb_terminate NAME SECONDS PROG: SIGTERM to every JVM of component NAME, SIGKILL to what is left
# after SECONDS; waits until they are gone and reaped, then removes the pid file. Messages are
# prefixed with PROG. Returns 1 if a JVM survived SIGKILL; 0 (silently) when none ran.
hb_terminate() {
  local name=$1 timeout=$2 prog=$3 pids
  pids=$(hb_pids "$name")
  if [ -n "$pids" ]; then
    echo "$prog: stopping $name (pid $(echo "$pids" | hb_join)) with SIGTERM"
    # shellcheck disable=SC2046
    kill -TERM $(hb_pids "$name") 2>/dev/null || true
    if ! hb_wait_gone "$name" "$timeout"; then
      echo "$prog: $name still running after ${timeout}s, sending SIGKILL (pid $(hb_pids "$name" | hb_join))"
      # shellcheck disable=SC2046
      kill -KILL $(hb_pids "$name") 2>/dev/null || true
      hb_wait_gone "$name" 10 || { echo "$prog: could not stop $name (pid $(hb_pids "$name" | hb_join))" >&2; return 1; }
    fi
    # shellcheck disable=SC2086
    hb_wait_reaped $pids
  fi
  rm -f "$(hb_pidfile "$name")"
}

# hb_start_jvm NAME HEAP CONF_DIR MAIN_CLASS ARGS...: starts a background JVM on the cached
# classpath (hbase-up.sh resolves it), in its own session, stdout+stderr to .hbase/logs/NAME.log
# (the previous one kept as NAME.log.prev); the pid file holds the java pid itself. Same JVM
# flags for every component: markers, heap, bin/hbase's JDK 11+ flags, HB_JVM_TUNING,
# HBASE_JVM_OPTS. Returns 1 if no pid file appeared within 5 s.
hb_start_jvm() {
  local name=$1 heap=$2 conf_dir=$3 log cp
  shift 3
  log=$HB_LOG_DIR/$name.log
  cp=$(cat "$HB_CLASSPATH_FILE")
  [ -f "$log" ] && mv -f "$log" "$log.prev"
  local -a cmd=(
    "$JAVA" "-Dproc_$name" "$HB_MARKER" "$(hb_ports_marker "$name")" -Xms64m "-Xmx$heap" -XX:OnOutOfMemoryError="kill -9 %p"
    "${JDK11_FLAGS[@]}"
    -Djava.net.preferIPv4Stack=true
    -Dzookeeper.admin.enableServer=false
    "-Dlog4j2.configurationFile=file:$HB_CONF_DIR/log4j2.properties"
    "-Dhbase.log.dir=$HB_LOG_DIR" "-Dhbase.log.file=$name.log" "-Dhbase.home.dir=$HB_STATE_DIR"
    "-Djava.io.tmpdir=$HB_TMP_DIR"
  )
  # shellcheck disable=SC2206
  [ -n "$HB_JVM_TUNING" ] && cmd+=($HB_JVM_TUNING)
  # shellcheck disable=SC2206
  [ -n "${HBASE_JVM_OPTS:-}" ] && cmd+=($HBASE_JVM_OPTS)
  cmd+=(-cp "$conf_dir:$cp" "$@")
  # The inner shell writes its own pid, then execs java in place: the pid file holds the JVM's pid.
  # shellcheck disable=SC2016
  (cd "$HB_STATE_DIR" && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$(hb_pidfile "$name")" "${cmd[@]}" \
      </dev/null >>"$log" 2>&1 9>&- &)
  for _ in $(seq 1 50); do [ -s "$(hb_pidfile "$name")" ] && return 0; sleep 0.1; done
  return 1
}

# Serializes hbase-up.sh / hbase-down.sh runs on one state dir (fd 9; JVMs are started with it closed).
hb_lock() {
  mkdir -p "$HB_RUN_DIR"
  exec 9>"$HB_RUN_DIR/lock"
  flock -w "$1" 9 || { echo "$2: another hbase-up/hbase-down on $HB_STATE_DIR still runs after ${1}s" >&2; exit 1; }
}

hb_now() { date +%s.%N; }
hb_elapsed() { awk -v a="$1" -v b="$(hb_now)" 'BEGIN { printf "%.1f", b - a }'; }

# hb_write_site DIR REST_PORT WRITER [EXTRA]: writes DIR/hbase-site.xml (atomically), the settings
# of every JVM here; REST_PORT is the gateway's hbase.rest.port, EXTRA more <property> lines
# (the TLS gateway's), WRITER the script named in the header comment.
hb_write_site() {
  local dir=$1 rest_port=$2 writer=$3 extra=${4:-}
  mkdir -p "$dir"
  cat >"$dir/hbase-site.xml.tmp" <<EOF
<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!-- Written by scripts/hbase/$writer on every start (hb_write_site in common.sh); edit the scripts, not this file. -->
<configuration>
  <!-- standalone: HMaster runs ZooKeeper and a region server in its own JVM -->
  <property><name>hbase.cluster.distributed</name><value>false</value></property>
  <property><name>hbase.rootdir</name><value>file://$HB_DATA_DIR/hbase</value></property>
  <property><name>hbase.tmp.dir</name><value>$HB_TMP_DIR</value></property>
  <property><name>hbase.zookeeper.property.dataDir</name><value>$HB_DATA_DIR/zookeeper</value></property>
  <!-- the local filesystem has no hflush/hsync capability; allow the WAL on it anyway -->
  <property><name>hbase.unsafe.stream.capability.enforce</name><value>false</value></property>

  <!-- loopback only -->
  <property><name>hbase.zookeeper.quorum</name><value>$HB_HOST</value></property>
  <property><name>hbase.zookeeper.property.clientPort</name><value>$HB_ZK_PORT</value></property>
  <property><name>hbase.zookeeper.property.clientPortAddress</name><value>$HB_HOST</value></property>
  <!-- master and region server RPC on ephemeral ports (clients find them through ZooKeeper):
       only the ZooKeeper and REST ports are fixed, so two checkouts can run side by side -->
  <property><name>hbase.master.port</name><value>0</value></property>
  <property><name>hbase.regionserver.port</name><value>0</value></property>
  <property><name>hbase.master.hostname</name><value>$HB_HOST</value></property>
  <property><name>hbase.master.ipc.address</name><value>$HB_HOST</value></property>
  <property><name>hbase.unsafe.regionserver.hostname</name><value>$HB_HOST</value></property>
  <property><name>hbase.regionserver.ipc.address</name><value>$HB_HOST</value></property>
  <property><name>hbase.rest.host</name><value>$HB_HOST</value></property>
  <property><name>hbase.rest.port</name><value>$rest_port</value></property>
  <!-- no web UIs: fewer ports, less memory, faster start -->
  <property><name>hbase.master.info.port</name><value>-1</value></property>
  <property><name>hbase.regionserver.info.port</name><value>-1</value></property>
  <property><name>hbase.rest.info.port</name><value>-1</value></property>

  <!-- small footprint for tests. Test suites create many small tables: without MSLAB a region's
       memstore holds no 2 MB chunk of its own (with it, ~150 tables OOMed a 512 MB heap) -->
  <property><name>hbase.hregion.memstore.mslab.enabled</name><value>false</value></property>
  <property><name>hfile.block.cache.size</name><value>0.2</value></property>
  <property><name>hbase.regionserver.handler.count</name><value>10</value></property>
  <property><name>hbase.master.handler.count</name><value>10</value></property>
  <property><name>hbase.rest.threads.max</name><value>32</value></property>
  <!-- faster start and clean stop of a one-server cluster (region server reports every 1 s, not 3 s) -->
  <property><name>hbase.regionserver.msginterval</name><value>1000</value></property>
  <property><name>hbase.master.wait.on.regionservers.mintostart</name><value>1</value></property>
  <property><name>hbase.master.wait.on.regionservers.maxtostart</name><value>1</value></property>
$extra</configuration>
EOF
  mv "$dir/hbase-site.xml.tmp" "$dir/hbase-site.xml"
}
