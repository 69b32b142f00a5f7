import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { homefeed } from "../support/system-fixture.js";

describe("the homefeed CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "homefeed-cli-"));
  const locations = ["--data-dir", join(dir, "data"), "--artifact-dir", join(dir, "artifacts")];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports NCF ratings, builds their batch features, trains and lists the model", async () => {
    const rows: string[] = [];
    // Two taste groups of users over two groups of items, so the co-engagement is real.
    for (let user = 0; user < 40; user++) for (let k = 0; k < 8; k++) rows.push(`${user}\t${(user % 2) * 20 + ((user + k * 3) % 20)}\t1\t${1_700_000_000 + user * 100 + k}`);
    const file = join(dir, "tiny.train.rating");
    writeFileSync(file, rows.join("\n") + "\n");

    const imported = await homefeed(["import", "--format", "ncf", "--path", file, ...locations]);
    expect(imported.stdout).toMatch(/imported .*tiny\.train\.rating: \d+ events; batch features for \d+ pins and 40 users/);

    const trained = await homefeed(["train", "--model", "tiny-lr", ...locations]);
    expect(trained.stdout).toMatch(/published tiny-lr@v1: \d+ examples, holdout AUC/);
    const listed = await homefeed(["models", "--model", "tiny-lr", ...locations]);
    expect(listed.stdout).toMatch(/^tiny-lr@v1 .* holdout_auc=/m);
  });

  it("names the file, line and column of a malformed row and imports nothing", async () => {
    const file = join(dir, "bad.train.rating");
    writeFileSync(file, "1\t2\t1\t1700000000\n1\tx\t1\t1700000001\n");
    const failed = await homefeed(["import", "--format", "ncf", "--path", file, "--data-dir", join(dir, "bad-data")]).catch((err: { code: number; stderr: string }) => err);
    expect("code" in failed && failed.code).toBe(1);
    expect(failed.stderr).toContain("bad.train.rating:2:3: expected an integer item id, got 'x'");
    const rebuilt = await homefeed(["build-features", "--data-dir", join(dir, "bad-data")]);
    expect(rebuilt.stdout).toContain("batch features built from 0 events");
  });

  it("refuses bad options with a message that names them", async () => {
    const failed = await homefeed(["seed", "--users", "zero", ...locations]).catch((err: { code: number; stderr: string }) => err);
    expect(failed.stderr).toContain("option '--users <n>' argument 'zero' is invalid");
    const unknownFormat = await homefeed(["import", "--format", "csv", "--path", "x"]).catch((err: { stderr: string }) => err);
    expect(unknownFormat.stderr).toContain("Allowed choices are ml100k, ncf");
  });

  it("has help text on every command", async () => {
    const { stdout } = await homefeed(["--help"]);
    for (const command of ["seed", "import", "build-features", "train", "models", "feed", "up", "start"]) expect(stdout).toContain(command);
    const seedHelp = await homefeed(["seed", "--help"]);
    expect(seedHelp.stdout).toContain("--pins <n>");
  });
});
