import { expect as base, test } from "@playwright/test";
import { pageDatabase, strataMatchers } from "strata-es/playwright";
import { Registered } from "./app/identity.js";

const expect = base.extend(strataMatchers);

test("renaming a user stores a Renamed event", async ({ page }) => {
  const db = pageDatabase(page, { databaseName: "my-app" });
  // History the app finds when it starts, written before any of its code runs. Registered is one
  // of the app's event types (imported from its code); raw { type, data } messages work too.
  await db.seed("user-ada", [Registered({ email: "ada@example.com" })]);
  await page.goto("/");
  await expect(page.getByText("ada@example.com")).toBeVisible();
  await page.getByLabel("First name").fill("Ada");
  await page.getByRole("button", { name: "Save" }).click();

  // Wait for events instead of sleeping, and assert on streams rather than pixels:
  await expect(db.stream("user-ada")).toHaveEvent("Renamed", { data: { firstName: "Ada" } });
  await expect(db.stream("user-ada")).toHaveEventTypes(["Registered", "Renamed"]);
  const renamed = await db.waitForEvent("user-ada", "Renamed");
  expect(renamed.position).toBe(1);
});
