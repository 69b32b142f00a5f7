import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, SERVICE_NODE_FLAGS, serviceCommandLine } from "./system.js";

/**
 * After a full collection, keeps ~30 MB reachable through young collections (so it is
 * promoted), with garbage around it, and prints how many full collections that took.
 */
const PROMOTE_30_MB = `
const { PerformanceObserver, constants } = require("node:perf_hooks");
let major = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
});
global.gc();
observer.observe({ entryTypes: ["gc"] });
const kept = [];
for (let i = 0; i < 30 * 1024; i++) {
  kept.push(new Array(126).fill(i));
  for (let j = 0; j < 8; j++) new Array(126).fill(j);
}
setTimeout(() => { observer.disconnect(); console.log(major, kept.length); }, 50);
`;

const fullCollections = (flags: string[]) => Number(execFileSync(process.execPath, ["--expose-gc", ...flags, "-e", PROMOTE_30_MB], { encoding: "utf8" }).split(" ")[0]);

describe("the services' node flags", () => {
  it("come before the service's script, with any extra flags after them", () => {
    const line = serviceCommandLine("ranker", ["--cpu-prof"]);
    expect(line).toEqual([...SERVICE_NODE_FLAGS, "--cpu-prof", join(REPO_ROOT, "services", "ranker", "dist", "main.js")]);
  });

  it("are the Helm chart's default nodeFlags", () => {
    const values = parse(readFileSync(join(REPO_ROOT, "deploy", "helm", "homefeed", "values.yaml"), "utf8")) as { nodeFlags: string[] };
    expect(values.nodeFlags).toEqual(SERVICE_NODE_FLAGS);
  });

  it("let old-generation growth below the floor go without a full collection, where plain node needs one", () => {
    expect(fullCollections([])).toBeGreaterThan(0);
    expect(fullCollections(SERVICE_NODE_FLAGS)).toBe(0);
  });
});
