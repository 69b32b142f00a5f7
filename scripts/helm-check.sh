#!/usr/bin/env bash
# CI check of the Helm chart (deploy/helm/homefeed): `helm lint --strict` and `helm template`
# with the default values and with each ci/*-values.yaml, then every rendered object validated
# by kubeconform against strict JSON schemas of Kubernetes $KUBE_VERSION (an unknown field, a
# wrong type or a missing required field fails), plus the image paths the chart runs.
#
# Needs go and node. Installs helm and kubeconform with `go install` into GOBIN (or
# GOPATH/bin) when that version is missing. The schemas are made here, offline once the
# modules are in Go's module cache:
#   - Kubernetes: api/openapi-spec/swagger.json of the Go module k8s.io/kubernetes@v$KUBE_VERSION
#     (scripts/helm/kubernetes-schemas.mjs);
#   - ServiceMonitor (a CRD): the CRD prometheus-operator publishes in its Go module
#     (scripts/helm/crd-schemas.mjs).
# They are cached in .cache/helm-check (git-ignored), keyed by versions and converter code.
set -euo pipefail
cd "$(dirname "$0")/.."

HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
# The Kubernetes version validated against (and given to helm as the cluster's version).
KUBE_VERSION=1.30.14
PROMETHEUS_OPERATOR_VERSION=v0.85.0

CHART=deploy/helm/homefeed
CACHE=.cache/helm-check
RENDERED=$CACHE/rendered

log() { echo "helm-check: $*" >&2; }

command -v node >/dev/null || { log "needs node on PATH"; exit 1; }
source scripts/go-tools.sh
ensure_go_tool helm helm.sh/helm/v3/cmd/helm helm.sh/helm/v3 "$HELM_VERSION"
ensure_go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform github.com/yannh/kubeconform "$KUBECONFORM_VERSION"
HELM=$GOBIN/helm
KUBECONFORM=$GOBIN/kubeconform

# The directory of a Go module in the module cache (downloaded on first use).
module_dir() {
  go mod download -json "$1@$2" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).Dir))'
}

# Runs a converter into DIR unless DIR exists; writes to a temporary sibling first, so an
# interrupted run leaves no half-made schemas behind.
make_schemas() {
  local dir=$1; shift
  [[ -d $dir ]] && return
  rm -rf "$dir.tmp"
  node "$@" "$dir.tmp" >/dev/null
  mv "$dir.tmp" "$dir"
}

converter_key=$(cat scripts/helm/*.mjs | sha256sum | cut -c1-12)
K8S_SCHEMAS=$CACHE/schemas/kubernetes-v$KUBE_VERSION-$converter_key
CRD_SCHEMAS=$CACHE/schemas/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION-$converter_key
if [[ ! -d $K8S_SCHEMAS || ! -d $CRD_SCHEMAS ]]; then
  log "making schemas: Kubernetes v$KUBE_VERSION, prometheus-operator $PROMETHEUS_OPERATOR_VERSION"
  rm -rf "$CACHE/schemas"
  make_schemas "$K8S_SCHEMAS" scripts/helm/kubernetes-schemas.mjs "$(module_dir k8s.io/kubernetes "v$KUBE_VERSION")/api/openapi-spec/swagger.json"
  make_schemas "$CRD_SCHEMAS" scripts/helm/crd-schemas.mjs \
    "$(module_dir github.com/prometheus-operator/prometheus-operator "$PROMETHEUS_OPERATOR_VERSION")/jsonnet/prometheus-operator/servicemonitors-crd.json"
fi

rm -rf "$RENDERED"
mkdir -p "$RENDERED"
for values in "" "$CHART"/ci/*-values.yaml; do
  name=$(basename "${values:-default-values.yaml}" .yaml)
  args=(--kube-version "$KUBE_VERSION")
  [[ -n $values ]] && args+=(--values "$values")
  "$HELM" lint --strict --quiet "${args[@]}" "$CHART" >/dev/null || { "$HELM" lint --strict "${args[@]}" "$CHART"; exit 1; }
  "$HELM" template homefeed "$CHART" --namespace homefeed "${args[@]}" >"$RENDERED/$name.yaml"
  objects=$(grep -c '^kind: ' "$RENDERED/$name.yaml" || true)
  (( objects > 0 )) || { log "$name: helm template rendered no object"; exit 1; }
  log "$name: lint ok, $objects objects rendered"
done

"$KUBECONFORM" -strict -summary -kubernetes-version "$KUBE_VERSION" \
  -schema-location "$K8S_SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  -schema-location "$CRD_SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  "$RENDERED"/*.yaml

scripts/helm/image-paths-check.sh "$RENDERED"/*.yaml
log "ok (rendered manifests in $RENDERED)"
