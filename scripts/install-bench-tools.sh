#!/usr/bin/env bash
# Installs the benchmark peers that come from Go's module proxy into GOBIN (or GOPATH/bin):
# ghz, a gRPC load tool that store-bench drives as a second, non-Node client. Idempotent.
set -euo pipefail
GHZ_VERSION=v0.120.0

command -v go >/dev/null || { echo "install-bench-tools: needs go on PATH" >&2; exit 1; }
GOBIN=$(go env GOBIN)
GOBIN=${GOBIN:-$(go env GOPATH)/bin}
if [[ -x $GOBIN/ghz ]] && go version -m "$GOBIN/ghz" 2>/dev/null | awk '$1 == "mod" { print $3 }' | grep -qx "$GHZ_VERSION"; then
  exit 0
fi
echo "install-bench-tools: installing ghz $GHZ_VERSION with go install (about a minute)" >&2
GOBIN=$GOBIN CGO_ENABLED=0 go install -trimpath "github.com/bojand/ghz/cmd/ghz@$GHZ_VERSION"
