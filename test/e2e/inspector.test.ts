import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { FeedService } from "@homefeed/proto";
import { createClient } from "@homefeed/rpc";
import { openLmdbStore, type Store } from "@homefeed/store";
import { openTables, type Tables } from "@homefeed/tables";
import { REPO_ROOT } from "@homefeed/cli/system";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededSystem, type SeededSystem } from "../support/system-fixture.js";

// Debian's Chromium (scripts/install-test-deps.sh installs it); never a downloaded browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(REPO_ROOT, "test-artifacts", "inspector");

describe("feed inspector in headless Chromium, against the running system", () => {
  let world: SeededSystem;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    world = await startSeededSystem(undefined, {}, { inspector: true });
    url = world.system.inspectorUrl()!;
    // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await world?.cleanup();
  });

  /** Waits for `target`; fails at once with the page's message when the inspector shows an error box instead. */
  async function shown(target: Locator): Promise<void> {
    await target.or(page.locator(".error")).first().waitFor();
    if (!(await target.first().isVisible())) throw new Error(`the inspector showed an error: ${await page.locator(".error").first().innerText()}`);
  }

  it("loads a user's feed as a grid of pin cards, with its source mix and the rules that shaped it", async () => {
    await page.goto(`${url}#/users/u3`);
    const cards = page.locator(".page[data-page='1'] .pin-card");
    await shown(cards);
    expect(await cards.count()).toBe(25);
    // Positions are the feed's own, 0..24 in order.
    expect(await cards.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-position"))))).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const first = cards.first();
    expect(await first.locator("h4").innerText()).not.toBe("");
    expect(await first.locator(".source").innerText()).toMatch(/^[a-z_]+$/);
    expect(await first.locator(".score").innerText()).toMatch(/^0\.\d{4}$/);
    expect(await page.locator("#model-version").innerText()).toMatch(/^model homefeed-lr@v1$/);
    // The first page refilled the queue: every source reports the share it was blended with.
    const mixRows = page.locator(".page[data-page='1'] .source-mix tbody tr");
    expect(await mixRows.count()).toBeGreaterThanOrEqual(3);
    expect(await mixRows.first().locator("td").nth(3).innerText()).toMatch(/^\d+%$/);
    // candidate-gen cut the 1,500 retrieved to the 300 scored: that rule is shown with its pins.
    expect(await page.locator(".page[data-page='1'] .decision[data-rule='below_cut']").count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, "feed.png"), fullPage: false });
    // The first page of a just-started system runs every service's cold path (and Chromium's first
    // load); with the rest of the suite running beside it on two cores that has taken over 20 s.
  }, 60_000);

  it("opens a pin's explanation: the model that scored it, each feature's value and contribution, and the same score", async () => {
    await page.locator(".page[data-page='1'] .pin-card").nth(2).click();
    const panel = page.locator("#explanation");
    await panel.locator(".contribution").first().waitFor();
    expect(await panel.locator("#explained-model").innerText()).toBe("homefeed-lr@v1 (logistic_regression)");
    // Explained by the ranker's package from the inputs the page was scored with: the score it gives is the one served.
    expect(await panel.locator("#explained-score").innerText()).toMatch(/= served$/);
    const rows = panel.locator(".contribution");
    expect(await rows.count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(ARTIFACTS, "explanation.png") });
    await panel.locator("button.close").click();
    expect(await panel.count()).toBe(0);
  });

  it("pages forward like the app: the next page continues the positions and shows no pin twice", async () => {
    await page.locator("#next-page").click();
    const second = page.locator(".page[data-page='2'] .pin-card");
    await shown(second);
    expect(await second.count()).toBe(25);
    expect(Number(await second.first().getAttribute("data-position"))).toBe(25);
    const ids = await page.locator(".pin-card").evaluateAll((els) => els.map((e) => e.getAttribute("data-pin-id")));
    expect(new Set(ids).size).toBe(50);
    await page.screenshot({ path: join(ARTIFACTS, "second-page.png"), fullPage: true });
  });

  it("shows the models with their versions, metrics, rollout state and training report", async () => {
    await page.goto(`${url}#/models`);
    const model = page.locator(".model[data-model='homefeed-lr']");
    await model.waitFor();
    expect(await model.locator("h3").innerText()).toContain("published v1");
    expect(await model.locator("tr[data-version='v1']").count()).toBe(1);
    const report = await (await model.locator("iframe.report").elementHandle())!.contentFrame();
    await report!.locator("svg").first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "models.png"), fullPage: true });
  });

  it("names a user the store does not know", async () => {
    await page.goto(`${url}#/users/nobody-here`);
    const error = page.locator(".error");
    await error.waitFor();
    expect(await error.innerText()).toContain('unknown user_id "nobody-here"');
  });

  it("answers bad input over Connect with invalid_argument naming the field", async () => {
    const call = (method: string, body: unknown) =>
      fetch(`${url}homefeed.inspector.v1.InspectorService/${method}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const badUser = await call("InspectFeed", { userId: "" });
    expect(badUser.status).toBe(400);
    expect(await badUser.json()).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("user_id") });
    const badModel = await call("ExplainPin", { userId: "u3", pinId: "p1", model: "no version" });
    expect(await badModel.json()).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("model must look like") });
    const badCursor = await call("InspectFeed", { userId: "u3", cursor: "not-a-cursor" });
    expect(await badCursor.json()).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("cursor") });
    const oversized = await call("InspectFeed", { userId: "u3", cursor: "x".repeat(70_000) });
    expect(await oversized.json()).toMatchObject({ code: "resource_exhausted" });
    expect((await fetch(`${url}reports/homefeed-lr/v99`)).status).toBe(404);
    expect((await fetch(`${url}..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it("keeps inspection sessions and the app's apart: neither takes the other's cursor", async () => {
    const inspected = await (
      await fetch(`${url}homefeed.inspector.v1.InspectorService/InspectFeed`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userId: "u5", pageSize: 5 }) })
    ).json();
    const feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder" });
    try {
      const deadline = () => ({ deadline: new Date(Date.now() + 5000) });
      await expect(feed.getHomefeed({ userId: "u5", pageSize: 5, cursor: inspected.inspection.page.nextCursor }, deadline())).rejects.toMatchObject({ details: expect.stringContaining("cursor has expired or is unknown") });
      const served = await feed.getHomefeed({ userId: "u5", pageSize: 5 }, deadline());
      const refused = await fetch(`${url}homefeed.inspector.v1.InspectorService/InspectFeed`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userId: "u5", pageSize: 5, cursor: served.nextCursor }) });
      expect(await refused.json()).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("cursor has expired or is unknown") });
    } finally {
      feed.close();
    }
  });

  it("logs no impressions for inspected pages, while the app's pages are logged", async () => {
    let store: Store | undefined;
    try {
      store = await openLmdbStore({ path: world.dataDir });
      const tables: Tables = await openTables(store);
      // The feed-builder's impression log (what training data is built from), per user.
      const impressions = async (userId: string) => {
        let count = 0;
        for await (const page of tables.impressions.scanServed(0, Date.now() + 60_000)) count += page.filter((i) => i.userId === userId).length;
        return count;
      };
      const feed = createClient(FeedService, world.system.address("feed-builder"), { target: "feed-builder" });
      const [inspectedBefore, servedBefore] = [await impressions("u3"), await impressions("u4")];
      await page.goto(`${url}#/users/u3`);
      await page.locator(".pin-card").first().waitFor();
      await feed.getHomefeed({ userId: "u4", pageSize: 10 }, { deadline: new Date(Date.now() + 5000) });
      feed.close();
      // The impression logger writes in the background: wait until the app's page is there.
      for (let i = 0; i < 50 && (await impressions("u4")) === servedBefore; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await impressions("u4")).toBe(servedBefore + 10);
      expect(await impressions("u3")).toBe(inspectedBefore);
    } finally {
      await store?.close();
    }
  });
});
