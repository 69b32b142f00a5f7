import { timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { hashApiKey } from "./api-key.js";
import { ApiKeysFileError, parseApiKeysFile, type ApiKeyEntry } from "./api-keys-file.js";
import type { ApiAuthMetrics } from "./auth-metrics.js";
import type { Logger } from "./logger.js";

interface LoadedKey {
  entry: ApiKeyEntry;
  hash: Buffer;
}

/**
 * The keys a service accepts, from the keys file (API_KEYS_FILE), followed while it runs: an
 * edit (a key created or revoked, a limit changed) applies within one poll, without a restart.
 * A file that cannot be used at start-up stops the service; a bad edit later is logged and the
 * last good keys stay in force, so a typo never locks every caller out.
 */
export class ApiKeys {
  private keys: LoadedKey[] = [];
  private loadedText: string | undefined;
  private refusedText: string | undefined;
  /** Called after every change of the keys in force, with the callers now known. */
  onChange: (callers: ReadonlySet<string>) => void = () => {};

  constructor(
    readonly file: string,
    private readonly logger: Logger,
    private readonly metrics: ApiAuthMetrics,
  ) {}

  /** Reads the file; throws an ApiKeysFileError (file:line:column where it applies) when it cannot be used. */
  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      throw new ApiKeysFileError(`API_KEYS_FILE ${this.file}: cannot read: ${(err as Error).message}`);
    }
    if (text === this.loadedText) return;
    const entries = parseApiKeysFile(text, this.file);
    this.keys = entries.map((entry) => ({ entry, hash: Buffer.from(entry.sha256, "hex") }));
    this.loadedText = text;
    this.refusedText = undefined;
    this.metrics.keysLoaded.set(entries.length);
    this.logger.info({ file: this.file, callers: entries.map((e) => e.name) }, "API keys loaded");
    this.onChange(new Set(entries.map((e) => e.name)));
  }

  /** Loads the file when it changed; on any problem keeps the keys in force and logs why (once per bad version). */
  async reload(): Promise<void> {
    try {
      await this.load();
    } catch (err) {
      const text = await readFile(this.file, "utf8").catch(() => "(unreadable)");
      if (text === this.refusedText) return;
      this.refusedText = text;
      this.metrics.keysFileRefused.inc();
      this.logger.error({ file: this.file, problem: (err as Error).message }, "API keys file refused; keeping the last good keys");
    }
  }

  /** Re-reads the file every pollMs (Kubernetes swaps a mounted Secret's files, which fs.watch misses). Returns a stop function. */
  follow(pollMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void this.reload().finally(() => (running = false));
    }, pollMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * The entry of a presented key, or undefined. Its hash is compared with every entry in
   * constant time, without stopping at a match, so timing tells nothing about the stored hashes.
   */
  identify(key: string): ApiKeyEntry | undefined {
    const presented = Buffer.from(hashApiKey(key), "hex");
    let found: ApiKeyEntry | undefined;
    for (const { entry, hash } of this.keys) {
      if (timingSafeEqual(hash, presented)) found = entry;
    }
    return found;
  }
}
