/**
 * `homefeed cf build`: the CF artifact candidate-gen serves, built from the store. The Pixie
 * graph joins boards and users to the pins they hold or engaged with; the ALS model learns
 * pin factors from the weighted engagements; large catalogs also get an HNSW index.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnnIndex, encodeCfArtifact, fitAls, PixieGraph, type AlsOptions, type PixiePruningOptions, type PixiePruningReport } from "@homefeed/cf";
import type { Tables } from "@homefeed/tables";
import { readCfTrainingData } from "./cf-data.js";
import type { Progress } from "./progress.js";

export interface CfBuildOptions {
  als?: Omit<AlsOptions, "onIteration">;
  pruning?: PixiePruningOptions;
  /** "auto" builds the HNSW index from annMinPins pins on; exact search serves smaller catalogs. */
  ann?: "auto" | "always" | "never";
  annMinPins?: number;
}

export const CF_BUILD_DEFAULTS = { ann: "auto" as const, annMinPins: 50_000 };

export interface CfBuild {
  files: Record<string, Uint8Array>;
  /** For the manifest and the build report. */
  metrics: Record<string, number>;
  pruned: PixiePruningReport;
}

export async function buildCf(tables: Tables, progress: Progress, options: CfBuildOptions = {}): Promise<CfBuild> {
  const started = performance.now();
  const data = await readCfTrainingData(tables, progress);
  const { pins, boards, users, engagements } = data;
  if (pins.size === 0) throw new Error("the store holds no pins on boards: seed or import a catalog first");
  if (engagements.entries === 0) throw new Error("the store holds no positive engagements (click, save, closeup) to learn from");

  // Collections: boards first, then users (a user's engaged pins act as one more board).
  const edgeCollections = new Uint32Array(data.boardPins.boards.length + engagements.entries);
  const edgePins = new Uint32Array(edgeCollections.length);
  edgeCollections.set(data.boardPins.boards);
  edgePins.set(data.boardPins.pins);
  let at = data.boardPins.boards.length;
  for (let u = 0; u < users.size; u++) {
    for (const pin of engagements.itemsOf(u)) {
      edgeCollections[at] = boards.size + u;
      edgePins[at++] = pin;
    }
  }
  progress("building the pin graph", 0, 1);
  const graphStarted = performance.now();
  const { graph, pruned } = PixieGraph.fromEdges({ collections: boards.size + users.size, pins: pins.size }, edgeCollections, edgePins, options.pruning);
  progress("building the pin graph", 1, 1);
  const graphSeconds = (performance.now() - graphStarted) / 1000;

  const alsStarted = performance.now();
  let iterations = 0;
  const als = fitAls(engagements, {
    ...options.als,
    onIteration: (it) => {
      iterations = it.iterations;
      progress("training embeddings (ALS)", it.iteration, it.iterations);
    },
  });
  const alsSeconds = (performance.now() - alsStarted) / 1000;

  const wantAnn = (options.ann ?? CF_BUILD_DEFAULTS.ann) === "always" || ((options.ann ?? CF_BUILD_DEFAULTS.ann) === "auto" && pins.size >= (options.annMinPins ?? CF_BUILD_DEFAULTS.annMinPins));
  let annBytes: Uint8Array | undefined;
  let annSeconds = 0;
  if (wantAnn && pins.size > 0) {
    progress("indexing embeddings (HNSW)", 0, 1);
    const annStarted = performance.now();
    annBytes = await savedBytes(AnnIndex.build(als.itemFactors, als.factors));
    progress("indexing embeddings (HNSW)", 1, 1);
    annSeconds = (performance.now() - annStarted) / 1000;
  }
  return {
    files: encodeCfArtifact({ pins, boards, users, pinBoards: data.pinBoards, graph, als, ...(annBytes ? { annBytes } : {}) }),
    pruned,
    metrics: {
      pins: pins.size,
      boards: boards.size,
      users: users.size,
      engagements: engagements.entries,
      graph_edges: graph.edges,
      graph_bytes_per_edge: graph.edges === 0 ? 0 : graph.bytes / graph.edges,
      graph_seconds: graphSeconds,
      als_factors: als.factors,
      als_iterations: iterations,
      als_seconds: alsSeconds,
      ann: annBytes ? 1 : 0,
      ann_seconds: annSeconds,
      build_seconds: (performance.now() - started) / 1000,
    },
  };
}

/** usearch saves to a path only; the artifact store wants the bytes. */
async function savedBytes(index: AnnIndex): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "homefeed-ann-"));
  try {
    index.save(join(dir, "index"));
    return new Uint8Array(await readFile(join(dir, "index")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
