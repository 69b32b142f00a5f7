/** Opens the LMDB environment directory, turning every failure into StoreUnavailableError. */
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync } from "node:fs";
import { endianness } from "node:os";
import { join } from "node:path";
import { open, type RootDatabase } from "lmdb";
import { StoreUnavailableError } from "./store.js";

/** Named databases: one per table plus the table catalog. */
export const MAX_DATABASES = 256;

export function openEnvironment(path: string): RootDatabase {
  try {
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.R_OK | constants.W_OK);
    checkDataFile(join(path, "data.mdb"));
    // noSubdir: false, or lmdb-js takes a path with a dot in its last segment for a file.
    // eventTurnBatching: false, because lmdb-js commits each event turn's batch under a promise
    // of its own that nothing awaits: when that commit fails (disk full), the rejection goes
    // unhandled and ends the process. Every write here is an explicit transaction anyway.
    return open({ path, noSubdir: false, maxDbs: MAX_DATABASES, eventTurnBatching: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(`cannot open the store at ${path}: ${reason}`, { cause: error });
  }
}

const LMDB_MAGIC = 0xbeefc0de;
// The magic opens the meta page, after the page header: 16 bytes in LMDB 0.9, 24 in lmdb-js's LMDB.
const MAGIC_OFFSETS = [16, 24];
const HEAD_BYTES = 28;

/** lmdb-js crashes the process (SIGSEGV) on a data file that is not LMDB's, so look before opening. */
function checkDataFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, head, 0, HEAD_BYTES, 0);
    if (read === 0) return; // LMDB initializes an empty file
    const readMagic = (at: number) => (endianness() === "LE" ? head.readUInt32LE(at) : head.readUInt32BE(at));
    if (read < HEAD_BYTES || !MAGIC_OFFSETS.some((at) => readMagic(at) === LMDB_MAGIC)) {
      throw new Error(`${file} is not an LMDB data file`);
    }
  } finally {
    closeSync(fd);
  }
}
