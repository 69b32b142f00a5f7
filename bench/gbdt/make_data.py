"""Deterministic synthetic binary dataset for the GBDT benchmark.

Writes DIR/{train,test}_x.f64 (row-major little-endian float64, NaN = missing),
DIR/{train,test}_y.u8 and DIR/meta.json. Usage: make_data.py DIR [train_rows test_rows seed]
"""
import json
import sys

import numpy as np

WIDTH = 20


def make(rows: int, rng: np.random.Generator):
    x = np.empty((rows, WIDTH))
    x[:, 0:5] = rng.uniform(-1, 1, size=(rows, 5))
    x[:, 5:7] = rng.normal(size=(rows, 2))
    x[:, 7] = rng.integers(0, 10, size=rows)  # a small-cardinality (category-like) feature
    x[:, 8:20] = rng.normal(size=(rows, 12))
    x[:, 12] = np.round(x[:, 12], 1)  # few distinct values
    x[:, 13] = np.exp(x[:, 13])  # skewed

    # Nonlinear effects and interactions a linear model cannot express.
    logit = (
        1.2 * np.sin(3 * x[:, 0])
        + 2.0 * x[:, 1] * x[:, 2]
        + np.where(x[:, 3] > 0, x[:, 4], -x[:, 4]) * 1.5
        + 0.5 * x[:, 5] ** 2
        + 0.8 * np.sign(x[:, 6]) * np.sign(x[:, 7] - 4.5)
        + 0.4 * x[:, 8]
        + 0.3 * x[:, 10]
        - 0.2 * x[:, 11]
        + 0.3 * np.log(x[:, 13])
        - 0.6
    )
    # Missing values: x8 missing at random but informative (its own effect), x9 missing only when x9 is large.
    missing8 = rng.random(rows) < 0.15
    logit = np.where(missing8, logit - 0.4 * x[:, 8] + 0.7, logit)
    x[missing8, 8] = np.nan
    x[(x[:, 9] > 1.0) & (rng.random(rows) < 0.5), 9] = np.nan
    x[rng.random(rows) < 0.05, 14] = np.nan  # uninformative missing values
    labels = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(np.uint8)
    return x, labels


def main() -> None:
    out = sys.argv[1]
    train_rows, test_rows, seed = (int(v) for v in (sys.argv[2:5] or (200_000, 50_000, 7)))
    rng = np.random.default_rng(seed)
    for name, rows in (("train", train_rows), ("test", test_rows)):
        x, y = make(rows, rng)
        x.astype("<f8").tofile(f"{out}/{name}_x.f64")
        y.tofile(f"{out}/{name}_y.u8")
    with open(f"{out}/meta.json", "w") as f:
        json.dump({"width": WIDTH, "trainRows": train_rows, "testRows": test_rows, "seed": seed}, f)


if __name__ == "__main__":
    main()
