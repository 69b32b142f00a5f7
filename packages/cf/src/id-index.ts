/**
 * External string ids (pins, users, boards) to the dense indices the CF structures use, and
 * back. Serialized as the ids joined by newlines (ids never contain control characters), so
 * an artifact's id lists are readable with any text tool.
 */
export class IdIndex {
  private readonly byId = new Map<string, number>();

  private constructor(readonly ids: readonly string[]) {
    ids.forEach((id, index) => {
      if (this.byId.has(id)) throw new RangeError(`id ${JSON.stringify(id)} appears twice`);
      this.byId.set(id, index);
    });
  }

  static of(ids: Iterable<string>): IdIndex {
    return new IdIndex([...ids]);
  }

  static decode(bytes: Uint8Array): IdIndex {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    return new IdIndex(text === "" ? [] : text.split("\n"));
  }

  encode(): Uint8Array {
    return new Uint8Array(Buffer.from(this.ids.join("\n"), "utf8"));
  }

  get size(): number {
    return this.ids.length;
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  idAt(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`index ${index} is not in 0..${this.ids.length - 1}`);
    return id;
  }
}

/** Assigns dense indices to ids in first-seen order while a dataset is read. */
export class IdAssigner {
  private readonly byId = new Map<string, number>();
  readonly ids: string[] = [];

  index(id: string): number {
    let index = this.byId.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.byId.set(id, index);
      this.ids.push(id);
    }
    return index;
  }

  freeze(): IdIndex {
    return IdIndex.of(this.ids);
  }
}
