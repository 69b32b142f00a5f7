/**
 * How fast this host runs a fixed piece of work right now. The benchmark machine is shared:
 * when neighbours load its cores and caches, the same code takes more CPU per request and
 * every latency grows, so runs taken hours apart differ by more than a change under test.
 * Printing this beside a run's figures says what kind of hour it was measured in.
 *
 * Two fixed workloads on one thread, each timed several times (median): dependent
 * floating-point arithmetic (the core) and random reads over 64 MB (caches and memory).
 */
export interface HostSpeed {
  arithmeticMs: number;
  memoryMs: number;
}

const ARITHMETIC_STEPS = 20_000_000;
const MEMORY_WORDS = 8 * 1024 * 1024; // 64 MB of float64: far beyond any cache here
const MEMORY_READS = 2_000_000;

let sink = 0;
let memory: Float64Array | undefined;

function arithmetic(): void {
  let x = sink;
  for (let i = 0; i < ARITHMETIC_STEPS; i++) x = x * 0.999999 + i;
  sink = x;
}

function randomReads(): void {
  memory ??= new Float64Array(MEMORY_WORDS).map((_, i) => i);
  let index = 12345;
  let sum = 0;
  for (let i = 0; i < MEMORY_READS; i++) {
    // A linear congruential step: addresses the prefetcher cannot guess.
    index = (Math.imul(index, 1103515245) + 12345) >>> 0;
    sum += memory[index & (MEMORY_WORDS - 1)]!;
  }
  sink += sum;
}

function medianMs(work: () => void, repeats: number): number {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function measureHostSpeed(repeats = 15): HostSpeed {
  // One untimed pass of each, so the JIT has compiled both before timing.
  arithmetic();
  randomReads();
  return { arithmeticMs: medianMs(arithmetic, repeats), memoryMs: medianMs(randomReads, repeats) };
}

export const describeHostSpeed = (speed: HostSpeed) => `arithmetic ${speed.arithmeticMs.toFixed(1)} ms, random reads ${speed.memoryMs.toFixed(1)} ms`;
