# The two commands: `make start` runs the whole system on the embedded store, `make test`
# runs every test. Both install what they need on a fresh clone.
.PHONY: start test test-deps build install gen check-gen helm-check bench bench-models bench-cf bench-store hbase-up hbase-down test-hbase clean

NODE_MODULES_STAMP := node_modules/.package-lock.json

start: build
	node packages/cli/bin/homefeed.js start

# Everything: the suites on the embedded store, then the HBase suites against a real HBase
# (started for the run and stopped after it, unless one is already running).
test: build check-gen test-deps helm-check
	npx vitest run
	scripts/with-hbase.sh npx vitest run --config vitest.hbase.config.ts

# The Helm chart: lint, render with each values file, validate every object against the
# Kubernetes 1.30 schemas (installs helm and kubeconform with go install when missing).
helm-check:
	scripts/helm-check.sh

# Tools the tests drive that are not npm packages (python3-grpcio, grpcurl).
test-deps:
	scripts/install-test-deps.sh

build: $(NODE_MODULES_STAMP)
	npx tsc -b
	npm run --silent build:web -w @homefeed/inspector

install: $(NODE_MODULES_STAMP)

$(NODE_MODULES_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Regenerates TypeScript from proto/ and lints the contracts.
gen: $(NODE_MODULES_STAMP)
	npx buf lint
	npx buf generate

# The generated code is committed; CI fails when it is stale or hand-edited.
check-gen: $(NODE_MODULES_STAMP)
	scripts/check-codegen.sh

# GetHomefeed under load: rates 25..125 requests/s for 20 s each, then 5 minutes at 100/s;
# writes its tables into BENCHMARKS.md (about 9 minutes).
bench: build
	node bench/dist/feed-load.js --write-benchmarks

# Scoring throughput of compiled packages, and the GBDT against LightGBM (a benchmark peer
# from PyPI: pip install -r bench/gbdt/requirements.txt).
bench-models: build
	node bench/dist/scoring.js --rows 500
	bench/gbdt/compare.sh

# Candidate generation: iALS against implicit (a PyPI peer, installed into a venv in /tmp),
# CF quality on the real data in ../shared/data, Pixie query latency, GetCandidates latency.
bench-cf: build
	bench/cf/compare.sh
	node bench/dist/als-bench.js --quality
	node bench/dist/pixie-bench.js
	node bench/dist/candidates-bench.js
	node bench/dist/ann-bench.js

# The feature fetch and event ingestion on the embedded store and on HBase (started for the
# run unless one is already running); the warm fetch also from ghz, a Go client.
bench-store: build
	scripts/install-bench-tools.sh
	scripts/with-hbase.sh node bench/dist/store-bench.js

# A real standalone HBase with its REST gateway on 127.0.0.1 (docs/hbase.md).
hbase-up:
	scripts/hbase/hbase-up.sh

hbase-down:
	scripts/hbase/hbase-down.sh

# Only the suites that need HBase (started for the run unless one is already running).
test-hbase: build
	scripts/with-hbase.sh npx vitest run --config vitest.hbase.config.ts

clean:
	rm -rf var packages/*/dist services/*/dist bench/dist packages/*/tsconfig.tsbuildinfo services/*/tsconfig.tsbuildinfo
