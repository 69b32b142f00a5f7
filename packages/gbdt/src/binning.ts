import { seededRandom } from "./random.js";

/** Training data as small bin indices, computed once so that histograms are cheap to build. */
export interface BinnedMatrix {
  rows: number;
  width: number;
  /** Column-major: the bin of (row, feature) is bins[feature * rows + row]. */
  bins: Uint8Array | Uint16Array;
  /** Per feature, ascending upper bounds of its value bins (the last is Number.MAX_VALUE); they become split thresholds. */
  upperBounds: Float64Array[];
  /** Histogram slot of each feature's first bin (width + 1 entries); a feature's last slot is its missing-value bin. */
  binOffset: Int32Array;
  /** Features whose rows fall in at least two bins: the only ones worth scanning for splits. */
  splittable: Int32Array;
}

/** Like LightGBM's bin_construct_sample_cnt: bounds come from at most this many rows. */
const BIN_SAMPLE_ROWS = 200_000;

export function binMatrix(matrix: Float64Array, rows: number, width: number, maxBins: number, seed: number): BinnedMatrix {
  const upperBounds = featureUpperBounds(matrix, rows, width, maxBins, seed);
  const binOffset = new Int32Array(width + 1);
  upperBounds.forEach((bounds, feature) => (binOffset[feature + 1] = binOffset[feature]! + bounds.length + 1));

  // Bin indices go up to maxBins (the missing bin), so 255 bins still fit a byte.
  const bins = maxBins < 256 ? new Uint8Array(rows * width) : new Uint16Array(rows * width);
  for (let row = 0, offset = 0; row < rows; row++) {
    for (let feature = 0; feature < width; feature++, offset++) {
      const value = matrix[offset]!;
      const bounds = upperBounds[feature]!;
      bins[feature * rows + row] = Number.isNaN(value) ? bounds.length : binOf(bounds, value);
    }
  }
  const splittable: number[] = [];
  for (let feature = 0; feature < width; feature++) {
    const [start, end] = [feature * rows, (feature + 1) * rows];
    for (let i = start + 1; i < end; i++) {
      if (bins[i] !== bins[start]) {
        splittable.push(feature);
        break;
      }
    }
  }
  return { rows, width, bins, upperBounds, binOffset, splittable: Int32Array.from(splittable) };
}

/** Bin bounds of every feature from (a sample of) its non-missing values, gathered in one pass over the rows. */
function featureUpperBounds(matrix: Float64Array, rows: number, width: number, maxBins: number, seed: number): Float64Array[] {
  const sample = sampleRows(rows, seed);
  const columns = Array.from({ length: width }, () => new Float64Array(sample.length));
  const counts = new Int32Array(width);
  for (const row of sample) {
    for (let feature = 0; feature < width; feature++) {
      const value = matrix[row * width + feature]!;
      if (!Number.isNaN(value)) columns[feature]![counts[feature]!++] = value;
    }
  }
  return columns.map((values, feature) => quantileUpperBounds(values.subarray(0, counts[feature]).sort(), maxBins));
}

/** First bin whose upper bound is >= value; values above every bound land in the last bin. */
function binOf(bounds: Float64Array, value: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= bounds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Equal-count bins over sorted non-missing values, never splitting a run of equal values. When
 * the distinct values fit, each gets its own bin; otherwise a bin closes once it holds its share
 * of the rows not yet binned, so one very frequent value does not starve the others.
 */
function quantileUpperBounds(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const value of sorted) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === value) counts[counts.length - 1]!++;
    else distinct.push(value), counts.push(1);
  }
  const bounds: number[] = [];
  let binsLeft = maxBins;
  let binStart = 0;
  let seen = 0;
  for (let i = 0; i + 1 < distinct.length && binsLeft > 1; i++) {
    seen += counts[i]!;
    if (distinct.length <= maxBins || seen - binStart >= (sorted.length - binStart) / binsLeft) {
      bounds.push(between(distinct[i]!, distinct[i + 1]!));
      binStart = seen;
      binsLeft--;
    }
  }
  // Finite (JSON-safe) yet above every finite value: a split after the last value bin separates missing values.
  bounds.push(Number.MAX_VALUE);
  return Float64Array.from(bounds);
}

/** A finite bound with a <= bound < b, as central as doubles allow (LightGBM also cuts at midpoints). */
function between(a: number, b: number): number {
  const mid = a / 2 + b / 2;
  return Math.max(-Number.MAX_VALUE, mid >= a && mid < b ? mid : a); // -Infinity would not survive JSON
}

function sampleRows(rows: number, seed: number): Uint32Array {
  const all = new Uint32Array(rows).map((_, i) => i);
  if (rows <= BIN_SAMPLE_ROWS) return all;
  const random = seededRandom(seed);
  for (let i = 0; i < BIN_SAMPLE_ROWS; i++) {
    const j = i + Math.floor(random() * (rows - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.subarray(0, BIN_SAMPLE_ROWS).sort();
}
