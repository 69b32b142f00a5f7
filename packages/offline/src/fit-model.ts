import type { CheckedSpec } from "@homefeed/dsl";
import { trainGbdt } from "@homefeed/gbdt";
import { trainLogistic, type Params } from "@homefeed/model";
import type { Progress } from "./progress.js";

export interface LabelledMatrix {
  matrix: Float64Array;
  labels: Uint8Array;
}

/** Trains the model type the spec declares with the spec's hyper-parameters. */
export function fitModel(model: CheckedSpec["model"], train: LabelledMatrix, width: number, seed: number, progress: Progress): Params {
  const p = model.params;
  switch (model.type) {
    case "logistic_regression": {
      progress("training", 0, 1);
      const { weights, bias } = trainLogistic(train.matrix, train.labels, width, { iterations: p.iterations!, learningRate: p.learning_rate!, l2: p.l2! });
      progress("training", 1, 1);
      return { model: "logistic_regression", weights, bias };
    }
    case "gbdt": {
      const gbdt = trainGbdt(
        train.matrix,
        train.labels,
        width,
        { trees: p.trees!, maxDepth: p.max_depth!, learningRate: p.learning_rate!, maxBins: p.max_bins!, minDataInLeaf: p.min_data_in_leaf!, lambdaL2: p.lambda_l2!, seed },
        { progress: (tree, total) => progress("training trees", tree + 1, total) },
      );
      return { model: "gbdt", gbdt };
    }
  }
}
