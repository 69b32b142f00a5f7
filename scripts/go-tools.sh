# Sourced by the scripts that need Go-built tools (helm-check.sh, install-test-deps.sh,
# install-bench-tools.sh): ensure_go_tool installs a tool with `go install` into GOBIN (or
# GOPATH/bin) unless the binary there was built from that module version, and sets GOBIN.

command -v go >/dev/null || { echo "needs go on PATH" >&2; exit 1; }
GOBIN=$(go env GOBIN)
GOBIN=${GOBIN:-$(go env GOPATH)/bin}

# ensure_go_tool NAME PACKAGE MODULE VERSION: static binaries, as the projects release them;
# go's download log is shown only when it fails.
ensure_go_tool() {
  local name=$1 package=$2 module=$3 version=$4
  if [[ -x $GOBIN/$name ]] && go version -m "$GOBIN/$name" 2>/dev/null | awk '$1 == "mod" { print $2, $3 }' | grep -qx "$module $version"; then
    return
  fi
  echo "installing $name $version with go install" >&2
  local log
  log=$(mktemp)
  GOBIN=$GOBIN CGO_ENABLED=0 go install -trimpath "$package@$version" 2>"$log" || { cat "$log" >&2; rm -f "$log"; exit 1; }
  rm -f "$log"
}
