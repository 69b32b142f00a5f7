/** The most items a WorldSink method receives at once. */
export const CHUNK_SIZE = 10_000;

/** Buffers items and hands them to `write` in chunks of CHUNK_SIZE. */
export class ChunkWriter<T> {
  private buffer: T[] = [];
  private flushed = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly onFlush: (written: number) => void = () => {},
  ) {}

  /** Items added so far, flushed or not. */
  get count() {
    return this.flushed + this.buffer.length;
  }

  async add(item: T) {
    this.buffer.push(item);
    if (this.buffer.length >= CHUNK_SIZE) await this.flush();
  }

  async flush() {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = [];
    await this.write(chunk);
    this.flushed += chunk.length;
    this.onFlush(this.flushed);
  }
}

/** Writes a whole collection in chunks; returns how many items were written. */
export async function writeChunked<T>(items: Iterable<T>, write: (chunk: T[]) => Promise<void>): Promise<number> {
  const writer = new ChunkWriter(write);
  for (const item of items) await writer.add(item);
  await writer.flush();
  return writer.count;
}
