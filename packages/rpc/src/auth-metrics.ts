import { Counter, Gauge, type Registry } from "prom-client";

/** Why a call to a public API was refused (a metric label). */
export type RejectionReason = "missing_key" | "malformed_key" | "unknown_key" | "rate_limited";

/**
 * Metrics of the public APIs' access control. Callers appear by the name their key was created
 * with (a few per deployment, so a fine label); keys and hashes never do.
 */
export class ApiAuthMetrics {
  readonly calls: Counter<"caller" | "method">;
  readonly rejections: Counter<"reason" | "caller">;
  readonly keysLoaded: Gauge;
  readonly keysFileRefused: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.calls = new Counter({
      name: "homefeed_api_calls_total",
      help: "Calls to the public APIs admitted, by caller (the API key's name) and method.",
      labelNames: ["caller", "method"],
      registers,
    });
    this.rejections = new Counter({
      name: "homefeed_api_rejections_total",
      help: "Calls to the public APIs refused, by reason (missing_key, malformed_key, unknown_key, rate_limited) and caller (empty when unknown).",
      labelNames: ["reason", "caller"],
      registers,
    });
    this.keysLoaded = new Gauge({ name: "homefeed_api_keys_loaded", help: "API keys in force, from API_KEYS_FILE.", registers });
    this.keysFileRefused = new Counter({
      name: "homefeed_api_keys_file_refused_total",
      help: "Edits of API_KEYS_FILE refused (the last good keys stayed in force); the log says why.",
      registers,
    });
  }
}
