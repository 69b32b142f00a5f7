#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, when it is missing: Debian's gRPC for
# Python (a client we did not write) and grpcurl (a reflection-driven client). Idempotent.
set -euo pipefail

if ! /usr/bin/python3 -c 'import grpc, grpc_tools' 2>/dev/null; then
  echo "installing python3-grpcio and python3-grpc-tools"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-grpcio python3-grpc-tools >/dev/null
fi

GOBIN_DIR="$(go env GOPATH)/bin"
if [ ! -x "$GOBIN_DIR/grpcurl" ]; then
  echo "installing grpcurl"
  go install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3
fi
