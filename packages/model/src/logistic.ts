import { sigmoid } from "@homefeed/gbdt";

// A missing value (NaN) contributes nothing: it counts as 0 in training, scoring and explanations alike.
export const missingAsZero = (x: number) => (Number.isNaN(x) ? 0 : x);

/** Probability per row of a row-major matrix. */
export function predictLogistic(matrix: Float64Array, weights: readonly number[], bias: number): Float64Array {
  const width = weights.length;
  const rows = width === 0 ? 0 : matrix.length / width;
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let z = bias;
    for (let col = 0; col < width; col++) z += weights[col]! * missingAsZero(matrix[row * width + col]!);
    out[row] = sigmoid(z);
  }
  return out;
}

export interface TrainOptions {
  iterations?: number;
  learningRate?: number;
  l2?: number;
}

/**
 * Full-batch logistic regression with Adam on standardized features; the weights are folded
 * back to raw feature units so serving needs no scaler.
 */
export function trainLogistic(matrix: Float64Array, labels: Uint8Array, width: number, options: TrainOptions = {}): { weights: number[]; bias: number } {
  const { iterations = 300, learningRate = 0.1, l2 = 1e-4 } = options;
  const rows = labels.length;
  matrix = matrix.map(missingAsZero);
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) mean[c]! += matrix[r * width + c]! / rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) std[c]! += (matrix[r * width + c]! - mean[c]!) ** 2 / rows;
  for (let c = 0; c < width; c++) std[c] = Math.sqrt(std[c]!) || 1;

  const w = new Float64Array(width + 1); // last entry is the bias
  const m = new Float64Array(width + 1);
  const v = new Float64Array(width + 1);
  const grad = new Float64Array(width + 1);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    for (let r = 0; r < rows; r++) {
      let z = w[width]!;
      for (let c = 0; c < width; c++) z += w[c]! * ((matrix[r * width + c]! - mean[c]!) / std[c]!);
      const error = 1 / (1 + Math.exp(-z)) - labels[r]!;
      for (let c = 0; c < width; c++) grad[c]! += (error * ((matrix[r * width + c]! - mean[c]!) / std[c]!)) / rows;
      grad[width]! += error / rows;
    }
    for (let c = 0; c < width; c++) grad[c]! += l2 * w[c]!;
    for (let i = 0; i <= width; i++) {
      m[i] = beta1 * m[i]! + (1 - beta1) * grad[i]!;
      v[i] = beta2 * v[i]! + (1 - beta2) * grad[i]! ** 2;
      w[i]! -= (learningRate * (m[i]! / (1 - beta1 ** t))) / (Math.sqrt(v[i]! / (1 - beta2 ** t)) + eps);
    }
  }
  const weights = Array.from({ length: width }, (_, c) => w[c]! / std[c]!);
  const bias = w[width]! - weights.reduce((sum, weight, c) => sum + weight * mean[c]!, 0);
  return { weights, bias };
}
