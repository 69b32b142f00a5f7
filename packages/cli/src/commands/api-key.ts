import { CALLER_NAME, CALLER_NAME_RULE, generateApiKey, hashApiKey, readApiKeysFile, writeApiKeysFile } from "@homefeed/rpc";
import { Command, InvalidArgumentError } from "commander";
import { positiveIntOption } from "../option-parsers.js";

const DEFAULT_RATE = 100;

const keysFileOption = (command: Command) =>
  command.option("--keys <file>", "the keys file the services read (API_KEYS_FILE); created when missing", process.env.API_KEYS_FILE || "var/api-keys.yaml");

function callerName(value: string): string {
  if (!CALLER_NAME.test(value)) throw new InvalidArgumentError(`expected ${CALLER_NAME_RULE}`);
  return value;
}

function rateOption(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0) throw new InvalidArgumentError("expected requests per second above 0, e.g. 100 or 0.5");
  return rate;
}

const create = keysFileOption(
  new Command("create")
    .description("make a new API key for a caller: prints the key once (on stdout, nothing else) and adds its name, hash and limits to the keys file")
    .argument("<name>", `the caller, as metrics and logs will name it (${CALLER_NAME_RULE})`, callerName)
    .option("--rate <n>", "requests per second this caller may make, per service replica", rateOption, DEFAULT_RATE)
    .option("--burst <n>", "requests it may make at once after a quiet spell (default: one second's worth of --rate)", positiveIntOption),
).action(async (name: string, options: { rate: number; burst?: number; keys: string }) => {
  const entries = await readApiKeysFile(options.keys);
  const existing = entries.find((e) => e.name === name);
  if (existing) {
    throw new Error(`${options.keys} already has a key named "${name}" (created ${existing.createdAt}); to rotate it, create "${name}-2", move the caller to it, then revoke "${name}"`);
  }
  const key = generateApiKey();
  const entry = { name, sha256: hashApiKey(key), rate: options.rate, burst: options.burst ?? Math.max(1, Math.ceil(options.rate)), createdAt: new Date().toISOString() };
  await writeApiKeysFile(options.keys, [...entries, entry]);
  process.stderr.write(
    `created API key "${name}" (${entry.rate} requests/s, burst ${entry.burst}) in ${options.keys}.\n` +
      "It is shown only this once: hand it to the caller's secret store now. Callers send it as `authorization: Bearer <key>`.\n",
  );
  process.stdout.write(`${key}\n`);
});

const list = keysFileOption(new Command("list").description("the callers that have a key, with their limits (keys are never stored, so never shown)"))
  .option("--json", "print the entries as JSON")
  .action(async (options: { keys: string; json?: boolean }) => {
    const entries = await readApiKeysFile(options.keys);
    if (options.json) {
      console.log(JSON.stringify(entries.map(({ name, rate, burst, createdAt }) => ({ name, rate, burst, createdAt })), null, 2));
      return;
    }
    if (entries.length === 0) {
      console.log(`no API keys in ${options.keys}`);
      return;
    }
    const width = Math.max(4, ...entries.map((e) => e.name.length));
    console.log(`${"name".padEnd(width)}  ${"rate/s".padStart(8)}  ${"burst".padStart(6)}  created`);
    for (const e of entries) console.log(`${e.name.padEnd(width)}  ${String(e.rate).padStart(8)}  ${String(e.burst).padStart(6)}  ${e.createdAt}`);
  });

const revoke = keysFileOption(new Command("revoke").description("remove a caller's key from the keys file: running services refuse it within API_KEYS_POLL_MS (1 s by default), without a restart"))
  .argument("<name>", "the caller whose key to revoke")
  .action(async (name: string, options: { keys: string }) => {
    const entries = await readApiKeysFile(options.keys);
    if (!entries.some((e) => e.name === name)) {
      const known = entries.map((e) => e.name).join(", ") || "none";
      throw new Error(`${options.keys} has no key named "${name}" (keys: ${known})`);
    }
    await writeApiKeysFile(options.keys, entries.filter((e) => e.name !== name));
    console.log(`revoked "${name}" in ${options.keys}`);
  });

export const apiKeyCommand = new Command("api-key")
  .description("API keys of the public APIs (FeedService; SignalService and CatalogService): create, list, revoke (docs/security.md)")
  .addCommand(create)
  .addCommand(list)
  .addCommand(revoke);
