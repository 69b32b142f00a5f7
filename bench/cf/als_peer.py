"""implicit's ALS (the benchmark peer of homefeed's iALS) on the same NCF-format data.

Trains `implicit.cpu.als.AlternatingLeastSquares` with the same settings as bench/src/als-bench.ts
(64 factors, conjugate gradients with implicit's 3 steps, one thread, float32) and prints seconds
per iteration and HR@10/NDCG@10 on the NCF protocol (ties against the positive, as homefeed
counts them).

Confidence: homefeed uses c = 1 + alpha * w; implicit uses its input values as c directly (its
`alpha` only multiplies them), so the matrix handed to implicit holds 1 + alpha * w and its own
alpha stays 1. Regularization is the same plain lambda on every factor in both.

usage: python bench/cf/als_peer.py NAME=PREFIX... [--factors 64] [--iterations 15]
           [--alpha 20] [--lambda 100] [--json]
  e.g. ml-100k=/tmp/split/ml-100k lastfm=../shared/data/lastfm-ncf/lastfm
"""

import argparse
import json
import statistics
import time

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits


def read_ncf(prefix):
    """The train matrix (binary) and the test cases of an NCF dataset, sized like homefeed's."""
    train = np.loadtxt(f"{prefix}.train.rating", dtype=np.float64, ndmin=2)
    cases = []
    with open(f"{prefix}.test.negative") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            user, item = (int(x) for x in fields[0].strip("()").split(","))
            # As homefeed reads lastfm (heldOutInNegatives "drop"): the held-out item is not its own negative.
            negatives = [int(x) for x in fields[1:] if x != "" and int(x) != item]
            cases.append((user, item, np.array(negatives, dtype=np.int64)))
    test = np.loadtxt(f"{prefix}.test.rating", dtype=np.float64, ndmin=2)
    users = int(max(train[:, 0].max(), test[:, 0].max(), max(c[0] for c in cases))) + 1
    items = int(max(train[:, 1].max(), test[:, 1].max(), max(max(c[2].max(), c[1]) for c in cases))) + 1
    matrix = sp.csr_matrix((np.ones(len(train), dtype=np.float32), (train[:, 0].astype(np.int64), train[:, 1].astype(np.int64))), shape=(users, items))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix, cases


def ncf_metrics(user_factors, item_factors, cases, k=10):
    hits = 0.0
    gains = 0.0
    for user, item, negatives in cases:
        x = user_factors[user]
        positive = float(item_factors[item] @ x)
        rank = int(np.count_nonzero(item_factors[negatives] @ x >= positive))
        if rank < k:
            hits += 1
            gains += 1 / np.log2(rank + 2)
    return hits / len(cases), gains / len(cases)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="+", help="NAME=PREFIX of NCF files (PREFIX.train.rating etc.)")
    parser.add_argument("--factors", type=int, default=64)
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--alpha", type=float, default=20.0)
    parser.add_argument("--lambda", dest="regularization", type=float, default=100.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    # One thread everywhere: implicit's own loops and any BLAS it calls.
    with threadpool_limits(1):
        from implicit.cpu.als import AlternatingLeastSquares

        if not args.json:
            print(f"implicit ALS, {args.factors} factors, alpha {args.alpha:g}, lambda {args.regularization:g}, {args.iterations} iterations, CG, one thread")
        for spec in args.datasets:
            name, prefix = spec.split("=", 1)
            matrix, cases = read_ncf(prefix)
            confidence = matrix.copy()
            confidence.data = (1.0 + args.alpha * confidence.data).astype(np.float32)
            model = AlternatingLeastSquares(
                factors=args.factors,
                regularization=args.regularization,
                alpha=1.0,
                iterations=args.iterations,
                use_cg=True,
                num_threads=1,
                random_state=1,
            )
            seconds = []
            started = time.perf_counter()
            model.fit(confidence, show_progress=False, callback=lambda iteration, elapsed, loss: seconds.append(elapsed))
            fit_seconds = time.perf_counter() - started
            hr10, ndcg10 = ncf_metrics(model.user_factors, model.item_factors, cases)
            result = {
                "dataset": name,
                "users": matrix.shape[0],
                "items": matrix.shape[1],
                "entries": int(matrix.nnz),
                "secondsPerIteration": seconds,
                "median": statistics.median(seconds),
                "fitSeconds": fit_seconds,
                "hr10": hr10,
                "ndcg10": ndcg10,
            }
            if args.json:
                print(json.dumps(result))
            else:
                print(
                    f"{name:8} {result['users']} users x {result['items']} items, {result['entries']} entries: "
                    f"median {result['median'] * 1000:.1f} ms/iteration (min {min(seconds) * 1000:.1f}, max {max(seconds) * 1000:.1f}), "
                    f"fit {fit_seconds:.2f} s; HR@10 {hr10:.4f} NDCG@10 {ndcg10:.4f}"
                )


if __name__ == "__main__":
    main()
