import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";

/**
 * The keys file (API_KEYS_FILE): who may call the public APIs, and how often. It holds a hash
 * of each key, never the key (docs/security.md):
 *
 *   keys:
 *     - name: web-backend          # the caller, in metrics and logs
 *       sha256: 5e88...            # SHA-256 of the key, 64 hex digits
 *       rate: 100                  # requests per second, per replica
 *       burst: 200                 # requests allowed at once before the rate applies
 *       created_at: "2026-05-01T10:00:00.000Z"
 */
export interface ApiKeyEntry {
  name: string;
  sha256: string;
  rate: number;
  burst: number;
  createdAt: string;
}

export class ApiKeysFileError extends Error {
  override name = "ApiKeysFileError";
}

/** Caller names are metric labels and log fields: short, plain and unique. */
export const CALLER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const CALLER_NAME_RULE = "1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit";

/** Says "missing" for an absent field, and leaves zod's message for a value of the wrong type. */
const required = { error: (issue: { input?: unknown }) => (issue.input === undefined ? "missing" : undefined) };

const EntrySchema = z
  .strictObject({
    name: z.string(required).regex(CALLER_NAME, `expected ${CALLER_NAME_RULE}`),
    sha256: z.string(required).regex(/^[0-9a-f]{64}$/, "expected the SHA-256 of the key as 64 lowercase hex digits"),
    rate: z.number(required).positive("expected requests per second above 0"),
    burst: z.number(required).int().min(1, "expected a whole number of at least 1"),
    created_at: z.string(required).pipe(z.iso.datetime("expected an ISO time such as 2026-05-01T10:00:00.000Z")),
  })
  .transform(({ created_at, ...entry }): ApiKeyEntry => ({ ...entry, createdAt: created_at }));

const FileSchema = z.strictObject({ keys: z.array(EntrySchema, required).nullable() }).superRefine(({ keys }, ctx) => {
  const seen = { name: new Map<string, number>(), sha256: new Map<string, number>() };
  (keys ?? []).forEach((entry, index) => {
    for (const field of ["name", "sha256"] as const) {
      const earlier = seen[field].get(entry[field]);
      if (earlier !== undefined) ctx.addIssue({ code: "custom", path: ["keys", index, field], message: `the same ${field} as keys[${earlier}]` });
      seen[field].set(entry[field], index);
    }
  });
});

/** The node at a path, or at the nearest ancestor that exists (an unknown or missing key). */
function nodeAt(document: Document.Parsed, path: readonly PropertyKey[]) {
  for (let length = path.length; length > 0; length--) {
    const node = document.getIn(path.slice(0, length) as (string | number)[], true);
    if (isNode(node) && node.range) return node;
  }
  return document.contents;
}

/** Parses a keys file; any problem is an ApiKeysFileError naming file:line:column. */
export function parseApiKeysFile(text: string, file: string): ApiKeyEntry[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const fail = (offset: number, problem: string): never => {
    const { line, col } = lines.linePos(offset);
    throw new ApiKeysFileError(`${file}:${line}:${col}: ${problem}`);
  };
  const syntaxError = document.errors[0];
  if (syntaxError) fail(syntaxError.pos[0], `invalid YAML: ${syntaxError.message}`);
  if (document.contents === null) fail(0, 'the file is empty; expected a mapping with a "keys" list (homefeed api-key create writes one)');
  const result = FileSchema.safeParse(document.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // An unknown key is reported on its mapping: point at the key itself.
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path;
    const where = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
    fail(nodeAt(document, path)?.range?.[0] ?? 0, `${where || "the file"}: ${issue.message}`);
  }
  return result.data!.keys ?? [];
}

const HEADER = [
  "# homefeed API keys (docs/security.md), written by `homefeed api-key create` and `revoke`.",
  "# Only SHA-256 hashes of the keys are kept here: a key is shown once, when it is created.",
  "# rate: requests per second per replica; burst: requests allowed at once.",
];

/** The text of a keys file; JSON strings are valid YAML scalars, so every value is quoted as JSON. */
export function formatApiKeysFile(entries: readonly ApiKeyEntry[]): string {
  if (entries.length === 0) return [...HEADER, "keys: []", ""].join("\n");
  const items = entries.map((e) =>
    [`  - name: ${JSON.stringify(e.name)}`, `    sha256: ${JSON.stringify(e.sha256)}`, `    rate: ${e.rate}`, `    burst: ${e.burst}`, `    created_at: ${JSON.stringify(e.createdAt)}`].join("\n"),
  );
  return [...HEADER, "keys:", ...items, ""].join("\n");
}

/** The entries of a keys file; a file that does not exist yet has none. */
export async function readApiKeysFile(file: string): Promise<ApiKeyEntry[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new ApiKeysFileError(`${file}: cannot read: ${(err as Error).message}`);
  }
  return parseApiKeysFile(text, file);
}

/**
 * Replaces the keys file atomically: the new text is written and flushed to a temporary file
 * next to it, then renamed over it. A crash at any point leaves either the old file or the new
 * one, never a truncated file that would lock every caller out.
 */
export async function writeApiKeysFile(file: string, entries: readonly ApiKeyEntry[]): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(formatApiKeysFile(entries), "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  // The rename itself is durable once the directory is flushed.
  const directory = await open(dirname(file), "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
