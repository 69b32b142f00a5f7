import { setFlagsFromString } from "node:v8";

/**
 * Turns off V8's allocation-site pretenuring in this process. A GetFeatures response is built
 * from a few arrays per column that live until grpc-js has serialized it; when a young-generation
 * collection catches a response in flight, V8 counts those arrays as survivors and may start
 * allocating everything from their sites straight into the old generation, where they die
 * unread and are only reclaimed by full collections. Measured with ghz (BENCHMARKS.md, "Storage:
 * embedded vs HBase"): warm 500-pin p99 4.5-5.9 ms without pretenuring against 7-9 ms with it,
 * the same p50. The flag is read at every collection, so setting it at startup takes effect.
 */
export function disableAllocationSitePretenuring(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
