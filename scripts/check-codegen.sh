#!/usr/bin/env bash
# Fails when packages/proto/src/gen differs from what buf generates from proto/, or when the
# contracts do not pass buf lint. Generated code is committed so readers and IDEs see it.
set -euo pipefail
cd "$(dirname "$0")/.."
npx buf lint
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx buf generate --template '{"version":"v2","plugins":[{"local":"protoc-gen-es","out":"'"$tmp"'","opt":["target=ts","import_extension=js"]}]}'
if ! diff -r "$tmp" packages/proto/src/gen >/dev/null; then
  echo "packages/proto/src/gen is stale: run 'make gen' and commit the result" >&2
  diff -r "$tmp" packages/proto/src/gen | head -20 >&2
  exit 1
fi
echo "codegen up to date"
