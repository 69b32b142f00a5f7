import { DEFAULT_GUARD_THRESHOLDS } from "@homefeed/experiments";
import { formatShare, RolloutControl } from "@homefeed/model";
import type { Rollout } from "@homefeed/proto";
import { Command, Option } from "commander";
import { artifacts, openData, withLocations, type Locations } from "../locations.js";
import { fractionOption, numberOption, positiveIntOption } from "../option-parsers.js";

/** Runs one change against the rollout state of the configured store, then closes it. */
async function withControl<T>(options: Locations, run: (control: RolloutControl) => Promise<T>): Promise<T> {
  const data = await openData(options);
  try {
    return await run(new RolloutControl(data.tables.rollouts, artifacts(options)));
  } finally {
    await data.close();
  }
}

const time = (ms: bigint) => new Date(Number(ms)).toISOString();

/** A rollout as an operator reads it: the arms, then every decision with its reason. */
export function describeRollout(r: Rollout): string {
  const lines = [`${r.model}: ${r.status.replace("_", " ")} (revision ${r.revision}, started ${time(r.startedAtMs)})`];
  lines.push(`  stable ${r.stableVersion || "(published)"}${r.canaryVersion ? `, canary ${r.canaryVersion} at ${formatShare(r.canaryShare)} of users` : ""}`);
  for (const d of r.decisions) lines.push(`  ${time(d.atMs)}  ${d.action.padEnd(9)} by ${d.by.padEnd(9)} ${d.canaryVersion} ${formatShare(d.canaryShare)}${d.reason ? `: ${d.reason}` : ""}`);
  return lines.join("\n");
}

const print = (rollout: Rollout) => console.log(describeRollout(rollout));

const parseTarget = (target: string) => {
  const match = /^([a-z0-9][a-z0-9._-]*)@(v\d+)$/.exec(target);
  if (!match) throw new Error(`expected name@version, e.g. homefeed-lr@v3, got ${JSON.stringify(target)}`);
  return { model: match[1]!, version: match[2]! };
};

const reasonOption = new Option("--reason <text>", "why, recorded with the decision").default("");
const d = DEFAULT_GUARD_THRESHOLDS;

const startCommand = withLocations(
  new Command("start")
    .description("serve a canary version to a share of users (picked by a hash of their id); the feed-builder's guard rolls it back when it breaches the thresholds")
    .argument("<version>", "the canary, name@version, e.g. homefeed-lr@v4 (must load; the published version is the stable one)"),
)
  .option("--share <fraction>", "share of users on the canary, (0, 1]", fractionOption, 0.05)
  .option("--min-requests <n>", `requests per arm before anything is judged (${d.minRequests})`, positiveIntOption)
  .option("--max-error-rate <fraction>", `roll back when the canary error rate is confidently (lower 95% bound) above this (${d.maxErrorRate})`, fractionOption)
  .option("--max-error-rate-increase <fraction>", `... when also this much above the stable rate (${d.maxErrorRateIncrease})`, fractionOption)
  .option("--max-latency-p99-ratio <x>", `roll back when the canary's p99 latency exceeds this multiple of the stable's (${d.maxLatencyP99Ratio})`, numberOption)
  .option("--max-score-drift <d>", `roll back when the score distributions differ by more than this Kolmogorov-Smirnov distance (${d.maxScoreDrift})`, fractionOption)
  .option("--min-impressions <n>", `impressions per arm before engagement is judged (${d.minImpressions})`, positiveIntOption)
  .option("--max-engagement-drop <fraction>", `roll back when engagement per impression drops by more than this share, beyond the confidence bound (${d.maxEngagementDrop})`, fractionOption)
  .addOption(reasonOption)
  .action(async (target: string, options: Locations & { share: number; reason: string } & Record<string, number | undefined>) => {
    const { model, version } = parseTarget(target);
    const keys = ["minRequests", "maxErrorRate", "maxErrorRateIncrease", "maxLatencyP99Ratio", "maxScoreDrift", "minImpressions", "maxEngagementDrop"] as const;
    const thresholds = Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
    print(await withControl(options, (control) => control.start({ model, canaryVersion: version, share: options.share, thresholds, reason: options.reason, by: "cli" })));
  });

const setCommand = withLocations(new Command("set").description("change the canary's share of users (raising it only adds users)").argument("<model>", "package name, e.g. homefeed-lr"))
  .requiredOption("--share <fraction>", "share of users on the canary, (0, 1]", fractionOption)
  .addOption(reasonOption)
  .action(async (model: string, options: Locations & { share: number; reason: string }) => {
    print(await withControl(options, (control) => control.setShare({ model, share: options.share, reason: options.reason, by: "cli" })));
  });

const promoteCommand = withLocations(new Command("promote").description("make the canary the stable, published version and end the rollout").argument("<model>", "package name"))
  .addOption(reasonOption)
  .action(async (model: string, options: Locations & { reason: string }) => {
    print(await withControl(options, (control) => control.promote({ model, reason: options.reason, by: "cli" })));
  });

const rollbackCommand = withLocations(new Command("rollback").description("end the rollout: every user back on the stable version").argument("<model>", "package name"))
  .addOption(reasonOption)
  .action(async (model: string, options: Locations & { reason: string }) => {
    print(await withControl(options, (control) => control.rollback({ model, reason: options.reason, by: "cli" })));
  });

const statusCommand = withLocations(new Command("status").description("print a model's rollout (or every rollout) with its decisions and their reasons").argument("[model]", "package name"))
  .option("--json", "print the rollout state as JSON")
  .action(async (model: string | undefined, options: Locations & { json?: boolean }) => {
    const rollouts = await withControl(options, async (control) => (model ? [await control.get(model)].filter((r): r is Rollout => r !== undefined) : control.list()));
    if (model && rollouts.length === 0) throw new Error(`${model} has never had a rollout`);
    if (options.json) console.log(JSON.stringify(rollouts.map((r) => ({ ...r, $typeName: undefined })), (_, v: unknown) => (typeof v === "bigint" ? Number(v) : v), 2));
    else console.log(rollouts.length === 0 ? "no rollouts" : rollouts.map(describeRollout).join("\n\n"));
  });

export const rolloutCommand = new Command("rollout")
  .description("canary rollouts of model packages: start, set the share, promote, roll back, status")
  .addCommand(startCommand)
  .addCommand(setCommand)
  .addCommand(promoteCommand)
  .addCommand(rollbackCommand)
  .addCommand(statusCommand);
