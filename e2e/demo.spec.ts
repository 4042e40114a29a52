import { expect, type Page, test } from "@playwright/test";
import { DEMO_PORT } from "../demo/vite.config.js";

// The newcomer's journey through the demo, as `npm start` serves it, in real Chromium.
const demoUrl = (db: string) => `http://127.0.0.1:${DEMO_PORT}/?db=${db}`;

const column = (page: Page, name: string) => page.locator(`section.column[data-column="${name}"]`);
const card = (page: Page, title: string) => page.locator(`li.card[data-card="${title}"]`);

test("create, change, reload, resolve a two-tab conflict", async ({ page, context }, testInfo) => {
  const db = `demo-${testInfo.workerIndex}-${Date.now()}`;
  await page.goto(demoUrl(db));
  await expect(page.getByText("Create a board to start.")).toBeVisible();

  // A board, then a validation error shown in the form, then two cards.
  await page.getByLabel("New board name").fill("Launch");
  await page.getByRole("button", { name: "Create board" }).click();
  await expect(page.getByRole("button", { name: "Launch" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await page.getByRole("button", { name: "Add card" }).click();
  await expect(page.getByRole("alert")).toHaveText("A title is required");
  await page.getByLabel("New card title").fill("x".repeat(61));
  await page.getByRole("button", { name: "Add card" }).click();
  await expect(page.getByRole("alert")).toHaveText("60 characters at most");
  for (const title of ["Write docs", "Ship it"]) {
    await page.getByLabel("New card title").fill(title);
    await page.getByRole("button", { name: "Add card" }).click();
    await expect(card(page, title)).toBeVisible();
  }
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(column(page, "Todo").locator("li.card")).toHaveCount(2);

  // Moving to Done raises two events (CardMoved, CardCompleted): v0 -> v1 -> v3.
  await page.getByRole("button", { name: "Move Write docs to Doing" }).click();
  await expect(column(page, "Doing").locator('li[data-card="Write docs"] .version')).toHaveText(
    "v1",
  );
  await page.getByRole("button", { name: "Move Write docs to Done" }).click();
  await expect(column(page, "Done").locator('li[data-card="Write docs"] .version')).toHaveText(
    "v3",
  );
  await page.screenshot({ path: testInfo.outputPath("demo-board.png"), fullPage: true });

  // Reload: the same board and cards, rebuilt from IndexedDB.
  await page.reload();
  await expect(column(page, "Done").locator('li[data-card="Write docs"] .version')).toHaveText(
    "v3",
  );
  await expect(column(page, "Todo").locator('li[data-card="Ship it"]')).toBeVisible();

  // Two tabs: A moves "Ship it" (A now holds it at v1), B moves it on to Done meanwhile.
  await page.getByRole("button", { name: "Move Ship it to Doing" }).click();
  await expect(column(page, "Doing").locator('li[data-card="Ship it"] .version')).toHaveText("v1");
  const other = await context.newPage();
  await other.goto(demoUrl(db));
  await other.getByRole("button", { name: "Move Ship it to Done" }).click();
  await expect(column(other, "Done").locator('li[data-card="Ship it"] .version')).toHaveText("v3");
  // A sees B's move live, then moves the card back to Doing from what it shows.
  await expect(column(page, "Done").locator('li[data-card="Ship it"] .version')).toHaveText("v3");
  await page.getByRole("button", { name: "Move Ship it to Doing" }).click();
  await expect(column(page, "Doing").locator('li[data-card="Ship it"] .version')).toHaveText("v5");
  await expect(column(other, "Doing").locator('li[data-card="Ship it"] .version')).toHaveText("v5");
  await page.screenshot({ path: testInfo.outputPath("demo-two-tabs.png"), fullPage: true });

  // A conflict caused for real: A holds a stale copy in its cache while B writes.
  await other.getByRole("button", { name: "Move Write docs to Doing" }).click();
  await expect(column(page, "Doing").locator('li[data-card="Write docs"] .version')).toHaveText(
    "v5",
  );
  await page.getByRole("button", { name: "Archive Write docs" }).click();
  await expect(card(page, "Write docs")).toHaveCount(0);
  await expect(card(other, "Write docs")).toHaveCount(0);
});

test("a stale tab's command is reloaded and retried, and says so", async ({
  context,
}, testInfo) => {
  const db = `demo-conflict-${testInfo.workerIndex}-${Date.now()}`;
  const a = await context.newPage();
  await a.goto(demoUrl(db));
  await a.getByLabel("New board name").fill("Ops");
  await a.getByRole("button", { name: "Create board" }).click();
  await a.getByLabel("New card title").fill("Rotate keys");
  await a.getByRole("button", { name: "Add card" }).click();
  // A's cache holds the card at v1 after this command.
  await a.getByRole("button", { name: "Move Rotate keys to Doing" }).click();
  await expect(column(a, "Doing").locator(".version")).toHaveText("v1");

  const b = await context.newPage();
  await b.goto(demoUrl(db));
  await b.getByRole("button", { name: "Move Rotate keys to Todo" }).click();
  await expect(column(b, "Todo").locator(".version")).toHaveText("v2");

  // A still shows the card as B left it (live), but its own cached copy is at v1: the first
  // attempt conflicts (expected v1, stream at v2); Strata reloads and runs the command again.
  await expect(column(a, "Todo").locator(".version")).toHaveText("v2");
  await a.getByRole("button", { name: "Move Rotate keys to Doing" }).click();
  await expect(column(a, "Doing").locator(".version")).toHaveText("v3");
  const notice = a.getByTestId("notice-conflict");
  await expect(notice).toContainText("was changed in another tab");
  await expect(notice).toContainText("now in Doing at v3");
  await a.screenshot({ path: testInfo.outputPath("demo-conflict.png"), fullPage: true });
});
