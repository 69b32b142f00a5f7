#!/usr/bin/env bash
# An optional second REST gateway with TLS, next to the plain one of hbase-up.sh, so that HBase
# clients can be tested against real TLS (certificate verification against a custom CA).
#
#   scripts/hbase/hbase-rest-tls.sh up       # start it (HBase must run: hbase-up.sh), wait until it answers
#   scripts/hbase/hbase-rest-tls.sh down     # stop it (hbase-down.sh stops it too)
#   scripts/hbase/hbase-rest-tls.sh status   # "running" (exit 0) or "not running" (exit 3)
#
# `up` generates once, under .hbase/tls/, with keytool: a self-signed CA (ca.p12, and ca.pem for
# clients) and a server certificate for CN=127.0.0.1, SAN IP:127.0.0.1,DNS:localhost, signed by
# it (server.p12, the gateway's PKCS12 keystore; its password in `password`). It writes
# .hbase/conf-tls/hbase-site.xml (the settings of hbase-up.sh plus hbase.rest.ssl.*) and starts
# org.apache.hadoop.hbase.rest.RESTServer on https://127.0.0.1:$HBASE_REST_TLS_PORT with the same
# classpath and JVM flags as the plain gateway (pid: .hbase/run/rest-tls.pid, log:
# .hbase/logs/rest-tls.log). Ready when `GET /version/cluster` answers 200 over TLS verified
# against ca.pem. Idempotent. Output ends with HBASE_REST_TLS_URL=... and HBASE_REST_CA_FILE=...
#
# Environment (all optional): HBASE_REST_TLS_PORT (default 8443), HBASE_START_TIMEOUT (180),
# HBASE_STOP_TIMEOUT (30), HBASE_KEEP_ON_FAILURE, and those of hbase-up.sh for the JVM
# (HBASE_REST_HEAP, HBASE_JVM_TUNING, HBASE_JVM_OPTS, HBASE_LOCAL_DIR, JAVA_HOME).
set -euo pipefail

# shellcheck source=common.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

NAME=rest-tls
PROG=hbase-rest-tls
URL=https://$HB_HOST:$HB_REST_TLS_PORT
CA_PEM=$HB_TLS_DIR/ca.pem
KEYSTORE=$HB_TLS_DIR/server.p12
PASSWORD_FILE=$HB_TLS_DIR/password
START_TIMEOUT=${HBASE_START_TIMEOUT:-180}
STOP_TIMEOUT=${HBASE_STOP_TIMEOUT:-30}

die() { echo "$PROG: $*" >&2; exit 1; }

usage() { sed -n '2,20p' "$0"; }

# ---------------------------------------------------------------- certificates (once)
KEYTOOL=
find_keytool() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/keytool" ]; then KEYTOOL=$JAVA_HOME/bin/keytool
  elif [ -n "$JAVA" ] && [ -x "$(dirname "$(readlink -f "$JAVA")")/keytool" ]; then KEYTOOL=$(dirname "$(readlink -f "$JAVA")")/keytool
  else KEYTOOL=$(command -v keytool || true); fi
  [ -n "$KEYTOOL" ] || die "keytool not found (it comes with the JDK; set JAVA_HOME)"
}

tls_complete() {
  [ -s "$HB_TLS_DIR/ca.p12" ] && [ -s "$CA_PEM" ] && [ -s "$KEYSTORE" ] && [ -s "$PASSWORD_FILE" ]
}

# The CA and the server key live in PKCS12 stores protected by one random password (PKCS12 wants
# the same password for the store and its keys). Built in a temp dir, then moved into place.
generate_tls() {
  tls_complete && return 0
  find_keytool
  local tmp pass
  tmp=$(mktemp -d "$HB_STATE_DIR/tls.tmp.XXXXXX")
  pass=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
  echo "$PROG: generating a test CA and a server certificate for $HB_HOST in $HB_TLS_DIR"
  (
    set -e
    umask 077
    cd "$tmp"
    kt() { "$KEYTOOL" -noprompt -storetype PKCS12 -storepass "$pass" "$@"; }
    # CA: self-signed, CA:true (critical), may sign certificates.
    kt -genkeypair -keystore ca.p12 -alias ca -keyalg RSA -keysize 2048 -validity 3650 \
      -dname "CN=homefeed local test CA, O=homefeed" -ext bc:c=ca:true,pathlen:0 -ext ku:c=keyCertSign,cRLSign
    kt -exportcert -keystore ca.p12 -alias ca -rfc -file ca.pem
    # Server key pair, a CSR, the CA signs it with the SAN a client checks (IP 127.0.0.1, localhost).
    kt -genkeypair -keystore server.p12 -alias server -keyalg RSA -keysize 2048 -validity 3650 -dname "CN=$HB_HOST"
    kt -certreq -keystore server.p12 -alias server -file server.csr
    kt -gencert -keystore ca.p12 -alias ca -rfc -infile server.csr -outfile server.pem -validity 3650 \
      -ext "san=ip:$HB_HOST,dns:localhost" -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth \
      -ext bc:c=ca:false
    # Install the signed certificate as the key's chain (server <- CA): keytool needs the CA in the
    # store to build the chain; the CA entry is removed again, the key entry keeps the chain.
    kt -importcert -keystore server.p12 -alias ca -file ca.pem
    kt -importcert -keystore server.p12 -alias server -file server.pem
    kt -delete -keystore server.p12 -alias ca
    rm -f server.csr server.pem
    printf '%s\n' "$pass" >password
    chmod 644 ca.pem
  ) >"$tmp/keytool.log" 2>&1 || { cat "$tmp/keytool.log" >&2; rm -rf "$tmp"; die "keytool failed"; }
  rm -f "$tmp/keytool.log"
  rm -rf "$HB_TLS_DIR"
  mv "$tmp" "$HB_TLS_DIR"
  chmod 755 "$HB_TLS_DIR"
}

# The settings of hbase-up.sh's hbase-site.xml (same cluster) plus TLS, in a conf dir of its own.
write_conf() {
  local pass extra
  pass=$(cat "$PASSWORD_FILE")
  extra="$HB_GATEWAY_CLIENT_SITE  <!-- TLS (hbase-rest-tls.sh): the keystore keytool made under .hbase/tls -->
  <property><name>hbase.rest.ssl.enabled</name><value>true</value></property>
  <property><name>hbase.rest.ssl.keystore.store</name><value>$KEYSTORE</value></property>
  <property><name>hbase.rest.ssl.keystore.type</name><value>PKCS12</value></property>
  <property><name>hbase.rest.ssl.keystore.password</name><value>$pass</value></property>
  <property><name>hbase.rest.ssl.keystore.keypassword</name><value>$pass</value></property>
"
  # umask: the file holds the keystore password
  (umask 077 && hb_write_site "$HB_TLS_CONF_DIR" "$HB_REST_TLS_PORT" hbase-rest-tls.sh "$extra")
}

# ---------------------------------------------------------------- readiness
# Prints the status code of GET /version/cluster over TLS, verified against ca.pem (000: no answer).
probe() {
  curl -s -o /dev/null -w '%{http_code}' -m 10 --cacert "$CA_PEM" -H 'Accept: application/json' \
    "$URL/version/cluster" || true
}

summary() {
  local t0=$1 verb=$2
  echo "$PROG: TLS gateway $verb in $(hb_elapsed "$t0")s"
  echo "$PROG:   REST (TLS)  $URL  (CA: $CA_PEM)"
  echo "$PROG:   pid         $(hb_running_pid "$NAME")  (log: $HB_LOG_DIR/$NAME.log)"
  echo "HBASE_REST_TLS_URL=$URL"
  echo "HBASE_REST_CA_FILE=$CA_PEM"
}

fail_start() {
  echo "$PROG: $*" >&2
  echo "----- last 40 lines of $HB_LOG_DIR/$NAME.log -----" >&2
  tail -n 40 "$HB_LOG_DIR/$NAME.log" >&2 2>/dev/null || echo "(no log)" >&2
  if [ -z "${HBASE_KEEP_ON_FAILURE:-}" ]; then
    hb_terminate "$NAME" 10 "$PROG" >&2 || true
  fi
  exit 1
}

# ---------------------------------------------------------------- commands
cmd_up() {
  local t0 pid code deadline
  t0=$(hb_now)
  [ -n "$JAVA" ] || die "no java found (install OpenJDK 17, or set JAVA_HOME)"
  command -v curl >/dev/null || die "curl is required"
  mkdir -p "$HB_LOG_DIR" "$HB_RUN_DIR" "$HB_TMP_DIR"
  hb_lock "$START_TIMEOUT" "$PROG"

  hb_running_pid master >/dev/null \
    || die "HBase is not running (no HMaster of $HB_STATE_DIR); start it first: scripts/hbase/hbase-up.sh"
  if [ ! -s "$HB_CLASSPATH_FILE" ] || [ ! -f "$HB_CONF_DIR/log4j2.properties" ]; then
    die "no classpath or conf in $HB_STATE_DIR; run scripts/hbase/hbase-up.sh"
  fi
  hb_same_ports "$(hb_running_pid master)" \
    || die "HBase runs with other ports than ZooKeeper $HB_ZK_PORT / REST $HB_REST_PORT; set HBASE_ZK_PORT and HBASE_REST_PORT as for hbase-up.sh"

  # Stale pid file (process gone or pid reused); a JVM of ours without a pid file: refuse.
  if [ -f "$(hb_pidfile "$NAME")" ] && ! hb_running_pid "$NAME" >/dev/null; then rm -f "$(hb_pidfile "$NAME")"; fi
  if ! hb_running_pid "$NAME" >/dev/null && [ -n "$(hb_marked_pids "$NAME")" ]; then
    die "a TLS gateway of $HB_STATE_DIR runs without a pid file (pids: $(hb_marked_pids "$NAME" | hb_join)); run $0 down first"
  fi

  if pid=$(hb_running_pid "$NAME"); then
    hb_same_ports "$pid" "$NAME" \
      || die "the TLS gateway already runs on another port than $HB_REST_TLS_PORT; run $0 down first"
    tls_complete || die "the TLS gateway runs but $HB_TLS_DIR is incomplete; run $0 down, then up"
    code=$(probe)
    [ "$code" = 200 ] || die "the TLS gateway runs (pid $pid) but GET $URL/version/cluster -> $code (log: $HB_LOG_DIR/$NAME.log)"
    summary "$t0" "already running, checked"
    return 0
  fi

  hb_port_open "$HB_REST_TLS_PORT" \
    && die "port $HB_REST_TLS_PORT on $HB_HOST is taken by another process; stop it or set HBASE_REST_TLS_PORT"

  generate_tls
  write_conf
  local t_jvm
  t_jvm=$(hb_now)
  echo "$PROG: starting the TLS REST gateway on $URL"
  hb_start_jvm "$NAME" "$HB_REST_HEAP" "$HB_TLS_CONF_DIR" \
    org.apache.hadoop.hbase.rest.RESTServer start -p "$HB_REST_TLS_PORT" \
    || fail_start "could not start the JVM"

  deadline=$(($(date +%s) + START_TIMEOUT))
  until [ "$(probe)" = 200 ]; do
    hb_running_pid "$NAME" >/dev/null || fail_start "the TLS gateway JVM exited during startup"
    [ "$(date +%s)" -lt "$deadline" ] \
      || fail_start "GET $URL/version/cluster (verified against $CA_PEM) did not answer 200 within ${START_TIMEOUT}s (last: $(probe))"
    sleep 0.5
  done
  echo "$PROG: JVM answered in $(hb_elapsed "$t_jvm")s"
  summary "$t0" ready
}

cmd_down() {
  mkdir -p "$HB_RUN_DIR"
  hb_lock 300 "$PROG"
  if ! hb_alive "$NAME"; then
    rm -f "$(hb_pidfile "$NAME")"
    echo "$PROG: the TLS gateway is not running"
    return 0
  fi
  local t0
  t0=$(hb_now)
  hb_terminate "$NAME" "$STOP_TIMEOUT" "$PROG"
  echo "$PROG: stopped in $(hb_elapsed "$t0")s"
}

cmd_status() {
  local pid orphans
  if pid=$(hb_running_pid "$NAME"); then
    echo "$PROG: running (pid $pid) on $URL, CA $CA_PEM"
    return 0
  fi
  orphans=$(hb_marked_pids "$NAME" | hb_join)
  if [ -n "$orphans" ]; then
    echo "$PROG: running without a pid file (pids: $orphans); '$0 down' stops it"
    return 0
  fi
  echo "$PROG: not running"
  return 3
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
