import type { LruCache } from "@homefeed/tables";
import type { ServiceMetrics } from "@homefeed/rpc";
import { Gauge } from "prom-client";

/** Exposes the pin cache's size and hit/miss totals, read at scrape time. */
export function registerCacheMetrics(metrics: ServiceMetrics, cache: LruCache<unknown, unknown>) {
  new Gauge({
    name: "homefeed_feature_pin_cache_lookups",
    help: "Pin cache lookups since start, by result (hit, miss).",
    labelNames: ["result"],
    registers: [metrics.registry],
    collect() {
      this.set({ result: "hit" }, cache.hits);
      this.set({ result: "miss" }, cache.misses);
    },
  });
  new Gauge({
    name: "homefeed_feature_pin_cache_entries",
    help: "Pins held in the in-process cache.",
    registers: [metrics.registry],
    collect() {
      this.set(cache.size);
    },
  });
}
