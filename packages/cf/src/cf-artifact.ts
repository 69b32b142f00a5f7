/**
 * The files of a CF artifact (what `homefeed cf build` writes into the artifact store and
 * candidate-gen loads): id lists as text, the Pixie graph, the ALS model and, for large
 * catalogs, an HNSW index over the item factors.
 */
import { join } from "node:path";
import { decodeAlsModel, encodeAlsModel } from "./als-file.js";
import type { AlsModel } from "./als-model.js";
import { AnnIndex } from "./ann.js";
import { CfModels } from "./cf-models.js";
import { IdIndex } from "./id-index.js";
import type { PixieWalkOptions } from "./pixie.js";
import { PixieGraph } from "./pixie-graph.js";

export const CF_FILES = {
  pins: "pins.txt",
  boards: "boards.txt",
  users: "users.txt",
  pinBoards: "pin-boards.u32",
  graph: "graph.pixie",
  als: "model.als",
  ann: "items.usearch",
} as const;

export interface CfArtifactParts {
  pins: IdIndex;
  boards: IdIndex;
  users: IdIndex;
  pinBoards: Uint32Array;
  graph: PixieGraph;
  als: AlsModel;
  /** The saved HNSW index (AnnIndex.save), when the build made one. */
  annBytes?: Uint8Array;
}

export function encodeCfArtifact(parts: CfArtifactParts): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {
    [CF_FILES.pins]: parts.pins.encode(),
    [CF_FILES.boards]: parts.boards.encode(),
    [CF_FILES.users]: parts.users.encode(),
    [CF_FILES.pinBoards]: new Uint8Array(parts.pinBoards.buffer, parts.pinBoards.byteOffset, parts.pinBoards.byteLength),
    [CF_FILES.graph]: parts.graph.encode(),
    [CF_FILES.als]: encodeAlsModel(parts.als),
  };
  if (parts.annBytes) files[CF_FILES.ann] = parts.annBytes;
  return files;
}

export class CfArtifactError extends Error {
  override name = "CfArtifactError";
}

/**
 * Loads an artifact's files (already verified against their manifest) into CfModels. `dir` is
 * where the files lie on disk: the HNSW index is memory-mapped from there, not copied.
 */
export function decodeCfArtifact(id: string, files: Record<string, Uint8Array>, dir: string, walk?: PixieWalkOptions): CfModels {
  const file = (name: string) => {
    const bytes = files[name];
    if (!bytes) throw new CfArtifactError(`${id}: missing ${name}`);
    return bytes;
  };
  const pins = IdIndex.decode(file(CF_FILES.pins));
  const boards = IdIndex.decode(file(CF_FILES.boards));
  const users = IdIndex.decode(file(CF_FILES.users));
  const pinBoardBytes = file(CF_FILES.pinBoards);
  if (pinBoardBytes.byteLength !== pins.size * 4) throw new CfArtifactError(`${id}: ${CF_FILES.pinBoards} holds ${pinBoardBytes.byteLength / 4} boards for ${pins.size} pins`);
  const pinBoards = new Uint32Array(pinBoardBytes.slice().buffer);
  const graph = PixieGraph.decode(file(CF_FILES.graph));
  const als = decodeAlsModel(file(CF_FILES.als), `${id} ${CF_FILES.als}`);
  if (graph.pins !== pins.size || als.items !== pins.size) throw new CfArtifactError(`${id}: ${pins.size} pins, but the graph has ${graph.pins} and the model ${als.items}`);
  if (graph.collections !== boards.size + users.size) throw new CfArtifactError(`${id}: the graph has ${graph.collections} collections, expected ${boards.size} boards + ${users.size} users`);
  for (const board of pinBoards) if (board >= boards.size) throw new CfArtifactError(`${id}: a pin's board ${board} is not in 0..${boards.size - 1}`);
  const ann = files[CF_FILES.ann] ? AnnIndex.view(join(dir, CF_FILES.ann), als.factors) : undefined;
  return new CfModels({ id, pins, boards, pinBoards, graph, embeddings: als, ...(ann ? { ann } : {}), ...(walk ? { walk } : {}) });
}
