#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, when it is missing: Debian's gRPC for
# Python (a client we did not write), grpcurl (a reflection-driven client), Debian's Chromium
# (the feed inspector's browser tests drive it with playwright-core; never a downloaded
# browser), and a JDK, Maven and curl for the real HBase of the HBase suites (its jars come
# from Maven Central when scripts/hbase/hbase-up.sh first runs). Idempotent.
set -euo pipefail

packages=()
/usr/bin/python3 -c 'import grpc, grpc_tools' 2>/dev/null || packages+=(python3-grpcio python3-grpc-tools)
command -v java >/dev/null || packages+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || packages+=(maven)
command -v curl >/dev/null || packages+=(curl)
command -v chromium >/dev/null || packages+=(chromium)
if [ ${#packages[@]} -gt 0 ]; then
  echo "installing ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

source "$(dirname "$0")/go-tools.sh"
ensure_go_tool grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl github.com/fullstorydev/grpcurl v1.9.3
