import { configuredHBaseAdmin, storeConfigSchema, type TableChange } from "@homefeed/store";
import { TABLES, tableSpec } from "@homefeed/tables";
import { Command } from "commander";

const CONNECTION_HELP = `
Connection settings come from the environment, as for the services:
  HBASE_REST_HOST (127.0.0.1), HBASE_REST_PORT (8080), HBASE_REST_PROTOCOL (http|https),
  HBASE_TABLE_PREFIX (homefeed_), HBASE_TIMEOUT_MS (5000). See docs/hbase.md.`;

const admin = () => configuredHBaseAdmin(storeConfigSchema.parse(process.env));

function printChange(prefix: string, change: TableChange, dryRun: boolean) {
  const verb = { create: dryRun ? "would create" : "created", alter: dryRun ? "would alter" : "altered", none: "up to date" }[change.action];
  console.log(`${(prefix + change.table).padEnd(32)} ${verb}`);
  for (const detail of change.details) console.log(`  ${detail}`);
}

/** Creates or updates every table; idempotent, so deploys can run it every time. */
export async function initHBaseSchema(options: { dryRun?: boolean; quiet?: boolean } = {}, hbase = admin()): Promise<TableChange[]> {
  const changes: TableChange[] = [];
  for (const table of Object.values(TABLES)) {
    const change = options.dryRun ? await hbase.plan(tableSpec(table)) : await hbase.sync(tableSpec(table));
    if (!options.quiet) printChange(hbase.prefix, change, options.dryRun ?? false);
    changes.push(change);
  }
  return changes;
}

const initCommand = new Command("init")
  .description("create homefeed's tables in HBase, add missing families and bring versions, TTLs and encodings in line; idempotent")
  .option("--dry-run", "print what would change, change nothing")
  .addHelpText("after", CONNECTION_HELP)
  .action(async (options: { dryRun?: boolean }) => {
    const changes = await initHBaseSchema(options);
    const pending = changes.filter((c) => c.action !== "none").length;
    console.log(options.dryRun ? `${pending} of ${changes.length} tables would change` : `schema ready: ${changes.length} tables, ${pending} changed`);
  });

const statusCommand = new Command("status")
  .description("compare homefeed's tables in HBase with the schema in code; exit 1 when they differ")
  .addHelpText("after", CONNECTION_HELP)
  .action(async () => {
    const hbase = admin();
    const changes = await initHBaseSchema({ dryRun: true }, hbase);
    const known = new Set<string>(Object.values(TABLES).map((t) => t.name));
    const others = (await hbase.list()).filter((name) => !known.has(name));
    if (others.length > 0) console.log(`tables with prefix ${hbase.prefix} that homefeed does not use: ${others.join(", ")}`);
    if (changes.some((c) => c.action !== "none")) {
      console.log("run `homefeed hbase init` to apply");
      process.exitCode = 1;
    }
  });

const ddlCommand = new Command("ddl")
  .description("print HBase shell commands creating the tables pre-split at the salt buckets (the REST gateway cannot pre-split)")
  .addHelpText("after", CONNECTION_HELP)
  .action(() => {
    const hbase = admin();
    for (const table of Object.values(TABLES)) console.log(hbase.shellCreate(tableSpec(table), table.salted));
  });

export const hbaseCommand = new Command("hbase")
  .description("manage homefeed's schema in HBase: init, status, ddl")
  .addCommand(initCommand)
  .addCommand(statusCommand)
  .addCommand(ddlCommand);
