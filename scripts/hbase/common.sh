# shellcheck shell=bash disable=SC2034
# Shared settings for hbase-up.sh / hbase-down.sh. Sourced, not run.
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
    rest) echo org.apache.hadoop.hbase.rest.RESTServer ;;
  esac
}

hb_pidfile() { echo "$HB_RUN_DIR/$1.pid"; }

# True if $2 is a live process whose command line is our JVM for component $1.
hb_is_ours() {
  local name=$1 pid=$2 cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == *"$HB_MARKER "* && "$cmd" == *"$(hb_class "$name") "* ]]
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

# True if the running JVM $1 was started with the ports now configured.
hb_same_ports() {
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == *"$HB_PORTS_MARKER "* ]]
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

# Serializes hbase-up.sh / hbase-down.sh runs on one state dir (fd 9; JVMs are started with it closed).
hb_lock() {
  mkdir -p "$HB_RUN_DIR"
  exec 9>"$HB_RUN_DIR/lock"
  flock -w "$1" 9 || { echo "$2: another hbase-up/hbase-down on $HB_STATE_DIR still runs after ${1}s" >&2; exit 1; }
}

hb_now() { date +%s.%N; }
hb_elapsed() { awk -v a="$1" -v b="$(hb_now)" 'BEGIN { printf "%.1f", b - a }'; }
