#!/usr/bin/env bash
# Stops the local HBase started by hbase-up.sh: the REST gateways first (the plain one and, when it
# runs, the TLS one of hbase-rest-tls.sh), then HMaster.
#
#   scripts/hbase/hbase-down.sh          # stop, keep data
#   scripts/hbase/hbase-down.sh --wipe   # stop, then delete .hbase/data (all tables), .hbase/tmp and logs
#
# REST gateways: SIGTERM. HMaster: a clean cluster shutdown first (`HMaster stop --shutDownCluster`, what HBase's
# stop-hbase.sh does: regions are flushed and closed, so the next start replays no WAL), then
# SIGTERM, then SIGKILL, each after a timeout (HBASE_STOP_TIMEOUT, default 30 s).
# HBASE_STOP_FAST=1 skips the clean shutdown (SIGTERM right away; data is still recovered
# from the WAL on the next start). Removes the pid files. Idempotent: exits 0 when nothing
# runs. Also stops JVMs of this .hbase dir whose pid file was lost (found by the
# -Dhomefeed.hbase.dir=<dir> marker on their command line), and no other process.
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

WIPE=0
for arg in "$@"; do
  case "$arg" in
    --wipe) WIPE=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "hbase-down: unknown argument: $arg" >&2; exit 2 ;;
  esac
done
STOP_TIMEOUT=${HBASE_STOP_TIMEOUT:-30}
hb_lock 300 hbase-down

# Asks the cluster to shut down through the master's RPC (HMasterCommandLine "stop").
clean_master_stop() {
  local cp
  [ -s "$HB_CLASSPATH_FILE" ] && [ -f "$HB_CONF_DIR/hbase-site.xml" ] && [ -n "$JAVA" ] || return 1
  cp=$(cat "$HB_CLASSPATH_FILE")
  echo "hbase-down: asking HBase to shut down cleanly (HMaster stop --shutDownCluster)"
  timeout "$STOP_TIMEOUT" "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "${JDK11_FLAGS[@]}" \
    "-Dlog4j2.configurationFile=file:$HB_CONF_DIR/log4j2.properties" \
    -cp "$HB_CONF_DIR:$cp" org.apache.hadoop.hbase.master.HMaster stop --shutDownCluster \
    >>"$HB_LOG_DIR/stop.log" 2>&1 </dev/null 9>&-
}

stop() {
  local name=$1 pids t0
  pids=$(hb_pids "$name")
  if [ -z "$pids" ]; then
    rm -f "$(hb_pidfile "$name")"
    return 0
  fi
  t0=$(hb_now)
  if [ "$name" = master ] && [ -z "${HBASE_STOP_FAST:-}" ]; then
    mkdir -p "$HB_LOG_DIR"
    if clean_master_stop; then
      hb_wait_gone "$name" "$STOP_TIMEOUT" || true
    else
      echo "hbase-down: clean shutdown request failed (see $HB_LOG_DIR/stop.log); falling back to SIGTERM"
    fi
  fi
  hb_terminate "$name" "$STOP_TIMEOUT" hbase-down || return 1
  # shellcheck disable=SC2086
  hb_wait_reaped $pids
  echo "hbase-down: $name stopped in $(hb_elapsed "$t0")s"
}

if ! hb_alive rest && ! hb_alive rest-tls && ! hb_alive master; then
  echo "hbase-down: HBase is not running"
  rm -f "$(hb_pidfile rest)" "$(hb_pidfile rest-tls)" "$(hb_pidfile master)"
else
  # The gateways hold no state: let them wind down while the cluster shuts down.
  for name in rest rest-tls; do
    if hb_alive "$name"; then
      echo "hbase-down: sending SIGTERM to $name (pid $(hb_pids "$name" | hb_join))"
      # shellcheck disable=SC2046
      kill -TERM $(hb_pids "$name") 2>/dev/null || true
    fi
  done
  stop master
  stop rest
  stop rest-tls
  echo "hbase-down: stopped; no HBase JVM of $HB_STATE_DIR is left"
fi

if [ "$WIPE" = 1 ]; then
  echo "hbase-down: wiping $HB_DATA_DIR, $HB_TMP_DIR and $HB_LOG_DIR"
  rm -rf "$HB_DATA_DIR" "$HB_TMP_DIR" "$HB_LOG_DIR"
fi
