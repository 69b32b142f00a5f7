#!/usr/bin/env bash
# The chart runs files of the image; the image is not built in CI, so check instead that every
# /app/... path the rendered manifests run is one the Dockerfile puts there, and that the
# Dockerfile's layout and user are the ones the chart assumes.
#   scripts/helm/image-paths-check.sh RENDERED.yaml...
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "image-paths-check: $*" >&2; exit 1; }

grep -qx 'WORKDIR /app' Dockerfile || fail "Dockerfile: the runtime stage must use WORKDIR /app (the chart's homefeed.appDir)"
grep -qx 'USER 1000:1000' Dockerfile || fail "Dockerfile: the runtime user must be 1000:1000 (the chart's podSecurityContext)"

# /app/services/<s>/dist/main.js comes from services/<s>/src/main.ts, /app/models/... and
# /app/packages/cli/bin/... are copied as they are.
checked=0
while read -r path; do
  source=${path#/app/}
  [[ $source == services/*/dist/main.js ]] && source=${source/dist\/main.js/src\/main.ts}
  [[ -e $source ]] || fail "the chart runs $path, but $source is not in the repository"
  checked=$((checked + 1))
done < <(grep -ohE '/app/[A-Za-z0-9._/-]+' "$@" | sort -u)
(( checked > 0 )) || fail "no /app path found in the rendered manifests"
echo "image-paths-check: $checked image paths ok" >&2
