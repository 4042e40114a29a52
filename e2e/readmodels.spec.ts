import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import "./fixtures/readmodels/api.js";

async function openPage(context: BrowserContext, db: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/readmodels/index.html?db=${db}`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  return page;
}

test.describe("read models and React hooks in Chromium", () => {
  test("a todo added in one tab re-renders the list in the other, and a completion comes back", async ({
    context,
  }, info) => {
    const db = `e2e-readmodels-${Date.now()}`;
    const first = await openPage(context, db);
    const second = await openPage(context, db);

    await first.getByLabel("Title").fill("Milk");
    await first.getByRole("button", { name: "Add" }).click();
    // The form clears its input when an add succeeds: wait for it before typing the next title.
    await expect(first.getByTestId("todo")).toHaveText([/^Milk/]);
    await expect(first.getByLabel("Title")).toHaveValue("");
    await first.getByLabel("Title").fill("Eggs");
    await first.getByRole("button", { name: "Add" }).click();
    await expect(second.getByTestId("todo")).toHaveText([/^Milk/, /^Eggs/]);
    await expect(second.getByTestId("status")).toHaveText("success, 2 todos");

    await second.getByRole("button", { name: "Complete Milk" }).click();
    await expect(first.locator("li.done")).toHaveText("Milk ");

    // A rejected command shows its issues in the form; nothing reaches the other tab.
    await first.getByRole("button", { name: "Add" }).click();
    await expect(first.getByRole("alert")).toContainText("title");
    await expect(second.getByTestId("status")).toHaveText("success, 2 todos");

    // A reload serves the checkpointed view and stays live.
    await second.reload();
    await second.waitForSelector("body[data-ready=true]", { state: "attached" });
    await expect(second.getByTestId("todo")).toHaveText([/^Milk/, /^Eggs/]);
    await first.evaluate(() => window.readModels.add("Bread"));
    await expect(second.getByTestId("todo")).toHaveText([/^Milk/, /^Eggs/, /^Bread/]);

    await second.screenshot({ path: info.outputPath("second-tab.png") });
    await first.screenshot({ path: "test-results/readmodels-first-tab.png" });
  });
});
