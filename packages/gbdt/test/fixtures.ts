// Shared by the unit tests in src/; outside src so it is neither built nor collected as a test.
import { leafIndexOf, type GbdtModel } from "../src/model.js";
import { seededRandom } from "../src/random.js";

export interface Dataset {
  matrix: Float64Array;
  labels: Uint8Array;
  rows: number;
  width: number;
}

/**
 * Label = sign(x0) XOR sign(x1), flipped with probability `noise`; the remaining features are
 * noise. No linear score separates it. With `missingRate`, values of the noise features go missing.
 */
export function xorDataset(rows: number, seed: number, { width = 4, noise = 0.1, missingRate = 0 } = {}): Dataset {
  const random = seededRandom(seed);
  const matrix = new Float64Array(rows * width);
  const labels = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    for (let feature = 0; feature < width; feature++) {
      const value = random() * 2 - 1;
      matrix[row * width + feature] = feature >= 2 && random() < missingRate ? NaN : value;
    }
    const xor = matrix[row * width]! > 0 !== matrix[row * width + 1]! > 0;
    labels[row] = xor !== random() < noise ? 1 : 0;
  }
  return { matrix, labels, rows, width };
}

/** The naive prediction: walk each tree with the model's own reference semantics. */
export function referenceRaw(model: GbdtModel, matrix: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    out[row] = model.trees.reduce((sum, tree) => sum + tree.leafValue[leafIndexOf(tree, matrix, row * model.width)]!, model.initScore);
  }
  return out;
}
