import { expect as base, type Page, test } from "@playwright/test";
import { DEMO_PORT } from "../demo/vite.config.js";
import { pageDatabase, strataMatchers } from "../playwright/index.js";

// The newcomer's journey through the demo, as `npm start` serves it, in real Chromium.
const expect = base.extend(strataMatchers);
const demoUrl = (db: string) => `http://127.0.0.1:${DEMO_PORT}/?db=${db}`;

const column = (page: Page, name: string) => page.locator(`section.column[data-column="${name}"]`);
const card = (page: Page, title: string) => page.locator(`li.card[data-card="${title}"]`);
/** The version badge of a card in a column: it exists only while the card is in that column. */
const version = (page: Page, name: string, title: string) =>
  column(page, name).locator(`li[data-card="${title}"] .version`);

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
  await expect(version(page, "Doing", "Write docs")).toHaveText("v1");
  await page.getByRole("button", { name: "Move Write docs to Done" }).click();
  await expect(version(page, "Done", "Write docs")).toHaveText("v3");
  await expect(pageDatabase(page, { databaseName: db }).category("card")).toHaveEventTypes([
    "CardCreated",
    "CardCreated",
    "CardMoved",
    "CardMoved",
    "CardCompleted",
  ]);
  await page.screenshot({ path: testInfo.outputPath("demo-board.png"), fullPage: true });

  // Reload: the same board and cards, rebuilt from IndexedDB.
  await page.reload();
  await expect(version(page, "Done", "Write docs")).toHaveText("v3");
  await expect(version(page, "Todo", "Ship it")).toHaveText("v0");

  // Two tabs: A moves "Ship it" (A now holds it at v1), B moves it on to Done meanwhile.
  await page.getByRole("button", { name: "Move Ship it to Doing" }).click();
  await expect(version(page, "Doing", "Ship it")).toHaveText("v1");
  const other = await context.newPage();
  await other.goto(demoUrl(db));
  await other.getByRole("button", { name: "Move Ship it to Done" }).click();
  await expect(version(other, "Done", "Ship it")).toHaveText("v3");
  // A sees B's move live, then moves the card back to Doing from what it shows.
  await expect(version(page, "Done", "Ship it")).toHaveText("v3");
  await page.getByRole("button", { name: "Move Ship it to Doing" }).click();
  await expect(version(page, "Doing", "Ship it")).toHaveText("v5");
  await expect(version(other, "Doing", "Ship it")).toHaveText("v5");
  await page.screenshot({ path: testInfo.outputPath("demo-two-tabs.png"), fullPage: true });

  // The devtools panel (open by default) finds the card's stream, its versions and the snapshot
  // taken at version 5 (the demo snapshots every 5 events).
  const cards = await pageDatabase(page, { databaseName: db }).readCategory("card");
  const shipIt = cards.find((m) => m.type === "CardCreated" && m.data.title === "Ship it");
  expect(shipIt).toBeDefined();
  await page.getByRole("tab", { name: "Streams" }).click();
  await page.locator(`[role=option][data-stream="${shipIt?.streamName}"]`).click();
  await expect(page.getByRole("tab", { name: "Stream", exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  for (const position of [0, 1, 2, 3, 4, 5]) {
    await expect(page.locator(`[role=option][data-position="${position}"]`)).toBeVisible();
  }
  await expect(
    page.locator('[role=option][data-position="5"]').getByText("snapshot"),
  ).toBeVisible();
  await expect(page.getByRole("table", { name: "Snapshot check" })).toContainText("ok");
  await page.screenshot({ path: testInfo.outputPath("demo-devtools.png"), fullPage: true });

  // Archiving in one tab removes the card from both.
  await other.getByRole("button", { name: "Move Write docs to Doing" }).click();
  await expect(version(page, "Doing", "Write docs")).toHaveText("v5");
  await page.getByRole("button", { name: "Archive Write docs" }).click();
  await expect(card(page, "Write docs")).toHaveCount(0);
  await expect(card(other, "Write docs")).toHaveCount(0);
});

test("a stale tab's command is reloaded and retried, and says so", async ({
  context,
}, testInfo) => {
  const db = `demo-conflict-${testInfo.workerIndex}-${Date.now()}`;
  const a = await context.newPage();
  // History the app finds when it starts: a board with one card, seeded before its code runs.
  const store = pageDatabase(a, { databaseName: db });
  await store.seed("board-ops", [{ type: "BoardCreated", data: { name: "Ops" } }]);
  await store.seed("card-keys", [
    { type: "CardCreated", data: { boardId: "ops", title: "Rotate keys", column: "Todo" } },
  ]);
  await a.goto(demoUrl(db));
  await expect(version(a, "Todo", "Rotate keys")).toHaveText("v0");
  // A's cache holds the card at v1 after this command.
  await a.getByRole("button", { name: "Move Rotate keys to Doing" }).click();
  await expect(version(a, "Doing", "Rotate keys")).toHaveText("v1");

  const b = await context.newPage();
  await b.goto(demoUrl(db));
  await b.getByRole("button", { name: "Move Rotate keys to Todo" }).click();
  await expect(version(b, "Todo", "Rotate keys")).toHaveText("v2");

  // A shows the card as B left it (live), but its own cached copy is at v1: the first attempt
  // conflicts (expected v1, stream at v2); Strata reloads and runs the command again.
  await expect(version(a, "Todo", "Rotate keys")).toHaveText("v2");
  await a.getByRole("button", { name: "Move Rotate keys to Doing" }).click();
  await expect(version(a, "Doing", "Rotate keys")).toHaveText("v3");
  const notice = a.getByTestId("notice-conflict");
  await expect(notice).toContainText("was changed in another tab");
  await expect(notice).toContainText("now in Doing at v3");
  await expect(store.stream("card-keys")).toHaveEventTypes([
    "CardCreated",
    "CardMoved",
    "CardMoved",
    "CardMoved",
  ]);
  await a.screenshot({ path: testInfo.outputPath("demo-conflict.png"), fullPage: true });
});
