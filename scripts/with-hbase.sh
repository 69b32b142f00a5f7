#!/usr/bin/env bash
# Runs a command against the local HBase (scripts/hbase): starts HBase first when it is not
# running, and then stops it again afterwards, whatever the command's outcome. An HBase that
# was already running is used as it is and left running.
#
# usage: scripts/with-hbase.sh <command> [args...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
port="${HBASE_REST_PORT:-8080}"
if curl -fsS -m 2 -H 'Accept: application/json' "http://127.0.0.1:$port/version/cluster" >/dev/null 2>&1; then
  echo "with-hbase: using the HBase already running on port $port" >&2
else
  # Set the trap before starting: hbase-down is idempotent and also cleans up a failed start.
  trap '"$here/hbase/hbase-down.sh"' EXIT
  "$here/hbase/hbase-up.sh"
fi
"$@"
