#!/usr/bin/env bash
# Smoke test of an HBase REST gateway with curl (the recipe in docs/hbase.md): create a table
# with a column family, put a cell, get it back, scan, delete the table. Exits non-zero on the
# first failure.
#
#   scripts/hbase/hbase-smoke.sh                       # http://127.0.0.1:${HBASE_REST_PORT:-8080}
#   HBASE_REST_URL=http://host:port scripts/hbase/hbase-smoke.sh
set -euo pipefail

R=${HBASE_REST_URL:-http://127.0.0.1:${HBASE_REST_PORT:-8080}}
T=homefeed_smoke_$$
JSON=(-H 'Content-Type: application/json' -H 'Accept: application/json')

fail() { echo "hbase-smoke: FAIL: $*" >&2; curl -s -o /dev/null -X DELETE "$R/$T/schema" || true; exit 1; }
expect() { # expect WANT GOT WHAT
  [ "$1" = "$2" ] || fail "$3: expected $1, got $2"
  echo "ok  $3"
}
b64() { printf '%s' "$1" | base64 -w0; }

# 1. the gateway reaches the cluster
code=$(curl -s -o /tmp/hbase-smoke.$$ -w '%{http_code}' -H 'Accept: application/json' "$R/version/cluster")
expect 200 "$code" "GET /version/cluster ($(cat /tmp/hbase-smoke.$$))"
rm -f /tmp/hbase-smoke.$$

# 2. create table T with column family cf (201)
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "${JSON[@]}" \
  -d "{\"name\":\"$T\",\"ColumnSchema\":[{\"name\":\"cf\"}]}" "$R/$T/schema")
expect 201 "$code" "PUT /$T/schema"  # 201 also when the table exists (schema update)

# 3. put cell row1/cf:greeting = "hello hbase" (row key, column and value are base64 in JSON)
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "${JSON[@]}" \
  -d "{\"Row\":[{\"key\":\"$(b64 row1)\",\"Cell\":[{\"column\":\"$(b64 cf:greeting)\",\"\$\":\"$(b64 'hello hbase')\"}]}]}" \
  "$R/$T/row1/cf:greeting")
expect 200 "$code" "PUT /$T/row1/cf:greeting"
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "${JSON[@]}" \
  -d "{\"Row\":[{\"key\":\"$(b64 row2)\",\"Cell\":[{\"column\":\"$(b64 cf:greeting)\",\"\$\":\"$(b64 'hi again')\"}]}]}" \
  "$R/$T/row2/cf:greeting")
expect 200 "$code" "PUT /$T/row2/cf:greeting"

# 4. get it back: raw bytes with Accept: application/octet-stream, or JSON (base64)
got=$(curl -s -H 'Accept: application/octet-stream' "$R/$T/row1/cf:greeting")
expect "hello hbase" "$got" "GET /$T/row1/cf:greeting (octet-stream)"
got=$(curl -s -H 'Accept: application/json' "$R/$T/row1" | grep -o "\"\\\$\":\"[^\"]*\"" | head -1)
expect "\"\$\":\"$(b64 'hello hbase')\"" "$got" "GET /$T/row1 (json)"

# 5. scan: open a scanner (201 + Location), read a batch, then 204 = exhausted, then delete it
loc=$(curl -s -D - -o /dev/null -X PUT "${JSON[@]}" -d '{"batch":100}' "$R/$T/scanner" \
  | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
[ -n "$loc" ] || fail "PUT /$T/scanner returned no Location"
echo "ok  PUT /$T/scanner -> $loc"
rows=$(curl -s -H 'Accept: application/json' "$loc" | grep -o '"key":"[^"]*"' | wc -l)
expect 2 "$rows" "GET scanner: rows"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$loc")
expect 204 "$code" "GET scanner again (exhausted)"
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$loc")
expect 200 "$code" "DELETE scanner"

# 6. delete the table (the gateway disables it first)
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H 'Accept: application/json' "$R/$T/schema")
expect 200 "$code" "DELETE /$T/schema"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$R/$T/schema")
expect 404 "$code" "GET /$T/schema after delete"

echo "hbase-smoke: all checks passed against $R"
