/**
 * Implicit feedback as a sparse users x items matrix, held both ways in compressed sparse
 * form (typed arrays only): by user (CSR: a user's items) and by item (CSC: an item's users).
 * Every collaborative-filtering method here reads this one structure; ids are dense indices
 * (0..users-1, 0..items-1), and whoever builds the matrix keeps the mapping to external ids.
 */
export class InteractionMatrix {
  private constructor(
    readonly users: number,
    readonly items: number,
    /** A user u's items are userItems[userStart[u] .. userStart[u+1]), ascending. */
    readonly userStart: Uint32Array,
    readonly userItems: Uint32Array,
    /** Weight of each (user, item) entry, parallel to userItems. */
    readonly userWeights: Float32Array,
    /** An item i's users are itemUsers[itemStart[i] .. itemStart[i+1]), ascending. */
    readonly itemStart: Uint32Array,
    readonly itemUsers: Uint32Array,
    readonly itemWeights: Float32Array,
  ) {}

  /**
   * From parallel arrays of (user, item[, weight]) entries, in any order. Repeated pairs are
   * merged, their weights summed (a user who played a song three times weighs 3). Weights
   * default to 1 and must be positive and finite.
   */
  static fromEntries(users: number, items: number, entryUsers: ArrayLike<number>, entryItems: ArrayLike<number>, entryWeights?: ArrayLike<number>): InteractionMatrix {
    const n = entryUsers.length;
    if (entryItems.length !== n || (entryWeights && entryWeights.length !== n)) throw new RangeError("entry arrays differ in length");
    for (let e = 0; e < n; e++) {
      const u = entryUsers[e]!;
      const i = entryItems[e]!;
      if (!(Number.isInteger(u) && u >= 0 && u < users)) throw new RangeError(`entry ${e}: user ${u} is not in 0..${users - 1}`);
      if (!(Number.isInteger(i) && i >= 0 && i < items)) throw new RangeError(`entry ${e}: item ${i} is not in 0..${items - 1}`);
      const w = entryWeights ? entryWeights[e]! : 1;
      if (!(Number.isFinite(w) && w > 0)) throw new RangeError(`entry ${e}: weight ${w} is not a positive finite number`);
    }
    const byUser = compress(users, n, entryUsers, entryItems, entryWeights);
    const byItem = compress(items, n, entryItems, entryUsers, entryWeights);
    return new InteractionMatrix(users, items, byUser.start, byUser.other, byUser.weights, byItem.start, byItem.other, byItem.weights);
  }

  /** Distinct (user, item) entries. */
  get entries(): number {
    return this.userItems.length;
  }

  itemsOf(user: number): Uint32Array {
    return this.userItems.subarray(this.userStart[user]!, this.userStart[user + 1]!);
  }

  weightsOf(user: number): Float32Array {
    return this.userWeights.subarray(this.userStart[user]!, this.userStart[user + 1]!);
  }

  usersOf(item: number): Uint32Array {
    return this.itemUsers.subarray(this.itemStart[item]!, this.itemStart[item + 1]!);
  }

  itemWeightsOf(item: number): Float32Array {
    return this.itemWeights.subarray(this.itemStart[item]!, this.itemStart[item + 1]!);
  }

  userDegree(user: number): number {
    return this.userStart[user + 1]! - this.userStart[user]!;
  }

  itemDegree(item: number): number {
    return this.itemStart[item + 1]! - this.itemStart[item]!;
  }
}

/**
 * Groups entries by `row` (counting sort), sorts each row's `col`s ascending and merges
 * repeats, summing their weights.
 */
function compress(rows: number, n: number, row: ArrayLike<number>, col: ArrayLike<number>, weight?: ArrayLike<number>) {
  const counts = new Uint32Array(rows + 1);
  for (let e = 0; e < n; e++) counts[row[e]! + 1]!++;
  for (let r = 0; r < rows; r++) counts[r + 1]! += counts[r]!;
  const cursor = counts.slice(0, rows);
  const cols = new Uint32Array(n);
  const weights = new Float32Array(n);
  for (let e = 0; e < n; e++) {
    const at = cursor[row[e]!]!++;
    cols[at] = col[e]!;
    weights[at] = weight ? weight[e]! : 1;
  }
  // Sort within each row and merge repeats, compacting in place.
  const start = new Uint32Array(rows + 1);
  let out = 0;
  const order: number[] = [];
  for (let r = 0; r < rows; r++) {
    const from = counts[r]!;
    const to = counts[r + 1]!;
    start[r] = out;
    order.length = 0;
    for (let k = from; k < to; k++) order.push(k);
    order.sort((a, b) => cols[a]! - cols[b]!);
    const sortedCols = order.map((k) => cols[k]!);
    const sortedWeights = order.map((k) => weights[k]!);
    for (let k = 0; k < sortedCols.length; k++) {
      if (k > 0 && sortedCols[k] === sortedCols[k - 1]) {
        weights[out - 1]! += sortedWeights[k]!;
      } else {
        cols[out] = sortedCols[k]!;
        weights[out] = sortedWeights[k]!;
        out++;
      }
    }
  }
  start[rows] = out;
  return { start, other: cols.slice(0, out), weights: weights.slice(0, out) };
}
