#!/usr/bin/env bash
# Installs the benchmark peers that come from Go's module proxy into GOBIN (or GOPATH/bin):
# ghz, a gRPC load tool that store-bench drives as a second, non-Node client. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/go-tools.sh
ensure_go_tool ghz github.com/bojand/ghz/cmd/ghz github.com/bojand/ghz v0.120.0
