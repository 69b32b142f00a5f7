import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { NODE_FLAGS_BY_SERVICE, REPO_ROOT, SERVICE_NODE_FLAGS, SERVICES, serviceCommandLine, serviceNodeFlags } from "./system.js";

/**
 * Runs `workload` in a node process with `flags` and returns how many collections of `kind` it
 * took, counted from after `setup`. Whatever the workload keeps in `globalThis` stays alive to
 * the end, so no collection of it is counted.
 */
function collections(kind: "MAJOR" | "MINOR", flags: string[], workload: string, setup = ""): number {
  const script = `
const { PerformanceObserver, constants } = require("node:perf_hooks");
let count = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_${kind}) count++;
});
${setup}
observer.observe({ entryTypes: ["gc"] });
${workload}
setTimeout(() => { observer.disconnect(); console.log(count); }, 50);
`;
  return Number(execFileSync(process.execPath, [...flags, "-e", script], { encoding: "utf8" }));
}

/** After a full collection, keeps ~30 MB reachable through young collections (so it is promoted), with garbage around it. */
const PROMOTE_30_MB = `
const kept = (globalThis.kept = []);
for (let i = 0; i < 30 * 1024; i++) {
  kept.push(new Array(126).fill(i));
  for (let j = 0; j < 8; j++) new Array(126).fill(j);
}
`;

const fullCollections = (flags: string[]) => collections("MAJOR", ["--expose-gc", ...flags], PROMOTE_30_MB, "global.gc();");

/** Allocates ~1 MB of small objects per "request", 3 000 times, keeping the last four alive (the requests in flight). */
const REQUESTS_IN_FLIGHT = `
const inFlight = (globalThis.inFlight = []);
for (let r = 0; r < 3000; r++) {
  const request = [];
  for (let i = 0; i < 1000; i++) request.push({ id: "pin-" + r + "-" + i, values: [i, i + 1, i + 2, i + 3, i + 4, i + 5, i + 6, i + 7].map((v) => v * 1.5) });
  inFlight.push(request);
  if (inFlight.length > 4) inFlight.shift();
}
`;

const youngCollections = (flags: string[]) => collections("MINOR", flags, REQUESTS_IN_FLIGHT);

/** The chart's values key of a service: feed-builder -> feedBuilder. */
const valuesKey = (service: string) => service.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase());

describe("the services' node flags", () => {
  it("come before the service's script, with any extra flags after them", () => {
    const line = serviceCommandLine("ranker", ["--cpu-prof"]);
    expect(line).toEqual([...SERVICE_NODE_FLAGS, "--cpu-prof", join(REPO_ROOT, "services", "ranker", "dist", "main.js")]);
  });

  it("put a service's own flags after those of all services", () => {
    expect(serviceCommandLine("feed-builder")).toEqual([...SERVICE_NODE_FLAGS, ...NODE_FLAGS_BY_SERVICE["feed-builder"]!, join(REPO_ROOT, "services", "feed-builder", "dist", "main.js")]);
  });

  it("are the Helm chart's default nodeFlags, for all services and for each", () => {
    const values = parse(readFileSync(join(REPO_ROOT, "deploy", "helm", "homefeed", "values.yaml"), "utf8")) as { nodeFlags: string[]; services: Record<string, { nodeFlags?: string[] }> };
    expect(values.nodeFlags).toEqual(SERVICE_NODE_FLAGS);
    for (const service of SERVICES) expect(values.services[valuesKey(service)]!.nodeFlags ?? [], service).toEqual(NODE_FLAGS_BY_SERVICE[service] ?? []);
  });

  it("let old-generation growth below the floor go without a full collection, where plain node needs one", () => {
    expect(fullCollections([])).toBeGreaterThan(0);
    expect(fullCollections(SERVICE_NODE_FLAGS)).toBe(0);
  });

  it("let the feed-builder keep ~1 MB requests in flight with fewer young collections", () => {
    // 103 against 70 with Node 20's V8: the default young generation stops growing at 16 MB semi-spaces.
    expect(youngCollections(serviceNodeFlags("feed-builder"))).toBeLessThan(0.8 * youngCollections(SERVICE_NODE_FLAGS));
  });
});
