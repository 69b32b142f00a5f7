import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "@homefeed/cli/system";
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

    const spec = join(dir, "tiny.hf");
    writeFileSync(spec, ['package "tiny-lr"', "input pin.engagement_rate: number = 0", "input pin.saves: number = 0", "feature rate = pin.engagement_rate", "feature saves = log1p(pin.saves)", "label engaged = any(click)", "model logistic_regression()"].join("\n"));
    const trained = await homefeed(["train", "--spec", spec, ...locations]);
    expect(trained.stdout).toMatch(/wrote tiny-lr@v1: \d+ examples, holdout AUC .*\(not served;/);
    expect((await homefeed(["model", "list", "--model", "tiny-lr", ...locations])).stdout).toMatch(/^tiny-lr@v1 {2}.* holdout_auc=/m);
    const published = await homefeed(["model", "publish", "tiny-lr@v1", ...locations]);
    expect(published.stdout).toContain("tiny-lr@v1 is published");
    const listed = await homefeed(["model", "list", "--model", "tiny-lr", ...locations]);
    expect(listed.stdout).toMatch(/^tiny-lr@v1 \(published\) .* holdout_auc=/m);
    const report = readFileSync(join(dir, "artifacts", "tiny-lr", "v1", "report.html"), "utf8");
    expect(report).toContain("Calibration on the holdout");
    const described = await homefeed(["model", "describe", "tiny-lr@v1", ...locations]);
    expect(described.stdout).toContain("saves: number");
    expect(described.stdout).toMatch(/^ {2}saves +-?\d+\.\d{6}$/m);
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

  it("checks a spec and reports every error with its line and column", async () => {
    const good = await homefeed(["model", "check", join(REPO_ROOT, "models/homefeed-lr.hf")]);
    expect(good.stdout).toContain("ok (package homefeed-lr");
    const spec = join(dir, "broken.hf");
    writeFileSync(spec, ['package "broken"', "input pin.savez: number", "feature a = log1p(pin.topic)", "label l = any(click)", "model logistic_regression(l2 = -1)"].join("\n"));
    const failed = await homefeed(["model", "check", spec]).catch((err: { code: number; stderr: string }) => err);
    expect("code" in failed && failed.code).toBe(1);
    expect(failed.stderr).toContain(`${spec}:2:1: unknown input pin.savez; pin offers topic, link_domain`);
    expect(failed.stderr).toContain(`${spec}:3:19: unknown input pin.topic: declare it with`);
    expect(failed.stderr).toContain(`${spec}:5:27: l2 must be a number from 0 to 100, got -1`);
    expect(failed.stderr).not.toContain("needs a model");
  });

  it("refuses bad options with a message that names them", async () => {
    const failed = await homefeed(["seed", "--users", "zero", ...locations]).catch((err: { code: number; stderr: string }) => err);
    expect(failed.stderr).toContain("option '--users <n>' argument 'zero' is invalid");
    const unknownFormat = await homefeed(["import", "--format", "csv", "--path", "x"]).catch((err: { stderr: string }) => err);
    expect(unknownFormat.stderr).toContain("Allowed choices are ml100k, ncf");
  });

  it("has help text on every command", async () => {
    const { stdout } = await homefeed(["--help"]);
    for (const command of ["seed", "import", "build-features", "train", "model", "feed", "up", "start"]) expect(stdout).toContain(command);
    const seedHelp = await homefeed(["seed", "--help"]);
    expect(seedHelp.stdout).toContain("--pins <n>");
  });
});
