#!/usr/bin/env bash
# iALS speed side by side: homefeed (bench/dist/als-bench.js) and implicit (als_peer.py), same
# data (MovieLens 100k split with seed 1, lastfm NCF), same settings, one thread each. Runs
# ROUNDS rounds alternating the two (the machine is shared and noisy) and prints the median
# and the minimum milliseconds per iteration over all rounds, and the ratios.
#
# usage: bench/cf/compare.sh      (from the repository root, after `npx tsc -b`)
#   env: ROUNDS (3), DATA (../shared/data), PYTHON (a python with implicit; by default a venv
#        in /tmp/homefeed-cf-venv made from bench/cf/requirements.txt), ALS_ARGS (extra options
#        for both, e.g. "--iterations 10")
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
DATA=${DATA:-../shared/data}
ALS_ARGS=${ALS_ARGS:-}

if [[ -z "${PYTHON:-}" ]]; then
  VENV=/tmp/homefeed-cf-venv
  if [[ ! -x $VENV/bin/python ]] || ! $VENV/bin/python -c "import implicit" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet -r bench/cf/requirements.txt
  fi
  PYTHON=$VENV/bin/python
fi

work=$(mktemp -d /tmp/als-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
ours() { node bench/dist/als-bench.js --ml100k "$DATA/ml-100k/u.data" --lastfm "$DATA/lastfm-ncf" --write-split "$work" --json $ALS_ARGS >>"$work/ours.jsonl"; }
peer() { "$PYTHON" bench/cf/als_peer.py "ml-100k=$work/ml-100k" "lastfm=$DATA/lastfm-ncf/lastfm" --json $ALS_ARGS >>"$work/peer.jsonl"; }
ours # writes the split the peer reads
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2)); then peer; ours; else ours; peer; fi
  echo "round $round of $ROUNDS done" >&2
done
# The first run only wrote the split and warmed the disk cache; it is not counted.
tail -n +3 "$work/ours.jsonl" >"$work/ours-counted.jsonl"

"$PYTHON" - "$work/ours-counted.jsonl" "$work/peer.jsonl" <<'PY'
import json, statistics, sys
def load(path):
    runs = {}
    for line in open(path):
        r = json.loads(line)
        runs.setdefault(r["dataset"], []).append(r)
    return runs
ours, peer = load(sys.argv[1]), load(sys.argv[2])
print("| dataset | entries | homefeed ms/iteration median (min) | implicit ms/iteration median (min) | ratio homefeed / implicit, median (min) | homefeed HR@10 | implicit HR@10 |")
print("|---|---|---|---|---|---|---|")
for name in ours:
    o = [s for r in ours[name] for s in r["secondsPerIteration"]]
    p = [s for r in peer[name] for s in r["secondsPerIteration"]]
    om, pm = statistics.median(o), statistics.median(p)
    print(f"| {name} | {ours[name][0]['entries']} | {om * 1000:.1f} ({min(o) * 1000:.1f}) | {pm * 1000:.1f} ({min(p) * 1000:.1f}) | {om / pm:.2f} ({min(o) / min(p):.2f}) | {ours[name][0]['hr10']:.4f} | {peer[name][0]['hr10']:.4f} |")
PY
