/**
 * Indices grouped by a key (e.g. pins by board) in two flat typed arrays instead of an
 * array per group, so a million members cost 4 MB and no garbage.
 */
export class Groups {
  private readonly starts: Int32Array;
  private readonly members: Int32Array;

  /** Groups the indices 0..keys.length-1 by keys[i], a group number below `groups`. */
  constructor(keys: ArrayLike<number>, groups: number) {
    this.starts = new Int32Array(groups + 1);
    for (let i = 0; i < keys.length; i++) this.starts[keys[i]! + 1]!++;
    for (let g = 0; g < groups; g++) this.starts[g + 1]! += this.starts[g]!;
    const next = this.starts.slice(0, groups);
    this.members = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) this.members[next[keys[i]!]!++] = i;
  }

  size(group: number): number {
    return this.starts[group + 1]! - this.starts[group]!;
  }

  /** The n-th member of a group, n below size(group). */
  member(group: number, n: number): number {
    return this.members[this.starts[group]! + n]!;
  }
}
