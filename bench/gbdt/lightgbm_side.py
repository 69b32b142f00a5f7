"""LightGBM side of the GBDT benchmark: trains and predicts with the hyperparameters in params.json.

Usage: lightgbm_side.py DIR TRAIN_REPS PREDICT_REPS. Reads DIR/{train,test}_{x,y}; writes
DIR/lightgbm.json (timings), DIR/lightgbm_raw.f64 (raw test scores) and DIR/lightgbm_dump.json
(Booster.dump_model(), for scoring LightGBM's trees with our predictor).
"""
import json
import pathlib
import sys
import time

import lightgbm
import numpy as np


def main() -> None:
    data = pathlib.Path(sys.argv[1])
    train_reps, predict_reps = int(sys.argv[2]), int(sys.argv[3])
    ours = json.loads((pathlib.Path(__file__).parent / "params.json").read_text())
    meta = json.loads((data / "meta.json").read_text())
    width = meta["width"]
    x = np.fromfile(data / "train_x.f64", dtype="<f8").reshape(-1, width)
    y = np.fromfile(data / "train_y.u8", dtype=np.uint8)
    x_test = np.fromfile(data / "test_x.f64", dtype="<f8").reshape(-1, width)
    params = {
        "objective": "binary",
        "num_leaves": ours["numLeaves"],
        "max_depth": ours["maxDepth"],
        "learning_rate": ours["learningRate"],
        "min_data_in_leaf": ours["minDataInLeaf"],
        "min_sum_hessian_in_leaf": ours["minSumHessianInLeaf"],
        "max_bin": ours["maxBins"],
        "lambda_l2": ours["lambdaL2"],
        "min_gain_to_split": ours["minGainToSplit"],
        "num_threads": 1,
        "force_col_wise": True,  # histograms per feature, like ours
        "deterministic": True,
        "seed": 0,
        "verbose": -1,
    }

    train_seconds = []
    for _ in range(train_reps):
        start = time.perf_counter()  # Dataset construction (binning) included, as in ours
        booster = lightgbm.train(params, lightgbm.Dataset(x, y), num_boost_round=ours["trees"])
        train_seconds.append(time.perf_counter() - start)

    predict_seconds = []
    for _ in range(predict_reps):
        start = time.perf_counter()
        raw = booster.predict(x_test, raw_score=True, num_threads=1)
        predict_seconds.append(time.perf_counter() - start)

    raw.astype("<f8").tofile(data / "lightgbm_raw.f64")
    dump = booster.dump_model()
    (data / "lightgbm_dump.json").write_text(json.dumps(dump))
    leaves = [tree["num_leaves"] for tree in dump["tree_info"]]
    (data / "lightgbm.json").write_text(json.dumps({
        "version": lightgbm.__version__,
        "trainSeconds": train_seconds,
        "predictSeconds": predict_seconds,
        "trees": len(leaves),
        "meanLeaves": sum(leaves) / len(leaves),
    }))


if __name__ == "__main__":
    main()
