#!/usr/bin/env bash
# GBDT benchmark: @homefeed/gbdt against LightGBM (benchmark peer only) on the same synthetic data,
# with the same hyperparameters (params.json), one thread each. Prints one table of medians.
# Usage: bench/gbdt/compare.sh [TRAIN_ROWS TEST_ROWS]   (default 200000 50000)
# Env: TRAIN_REPS (default 3), PREDICT_REPS (default 5). Needs: pip install -r bench/gbdt/requirements.txt
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
train_reps="${TRAIN_REPS:-3}"
predict_reps="${PREDICT_REPS:-5}"
python3 -c "import lightgbm" 2>/dev/null || { echo "LightGBM is missing: pip install -r $here/requirements.txt" >&2; exit 1; }

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
(cd "$here/../.." && npx tsc -p packages/gbdt)
python3 "$here/make_data.py" "$data" "${1:-200000}" "${2:-50000}" 7
python3 "$here/lightgbm_side.py" "$data" "$train_reps" "$predict_reps"
node "$here/compare.mjs" "$data" "$train_reps" "$predict_reps"
