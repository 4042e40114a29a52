import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, expect, type Page, type TestInfo, test } from "@playwright/test";
import "./fixtures/devtools/api.js";

type StoreKind = "indexeddb" | "memory";

/** The fixture page on a database of its own; `open` shows the panel at once. */
async function openPage(
  context: BrowserContext,
  store: StoreKind,
  db: string,
  query = "open=1",
): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/devtools/index.html?store=${store}&db=${db}&${query}`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  return page;
}

const database = (info: TestInfo) => `devtools-${info.title.replace(/\W+/g, "-")}-${Date.now()}`;

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`) });
}

/** Opens a stream's view from the Streams tab. */
async function openStream(page: Page, stream: string): Promise<void> {
  await page.getByRole("tab", { name: "Streams" }).click();
  await page.locator(`[role=option][data-stream="${stream}"]`).click();
  await expect(page.getByRole("tab", { name: "Stream", exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
}

for (const store of ["indexeddb", "memory"] as const) {
  test.describe(`devtools panel on ${store}`, () => {
    test("opens from the floating button, and a stream appears within a second of an add", async ({
      context,
    }, info) => {
      const page = await openPage(context, store, database(info), "open=0");
      await page.getByRole("button", { name: "Open Strata devtools" }).click();
      await expect(page.getByRole("tablist", { name: "Views" })).toBeVisible();
      const id = await page.evaluate(() => window.devtoolsE2E.register("live@example.com", 2));
      await expect(page.locator(`[data-stream="user-${id}"]`).first()).toBeVisible({
        timeout: 1000,
      });
      // The commit's header names the call that wrote it (matched from the tap by global position).
      await expect(page.getByText(/^commit · 3 messages · .+ · add$/).first()).toBeVisible();
      await shot(page, info, "feed");
    });

    test("the feed follows new writes at its end, and stays where the reader scrolled up to", async ({
      context,
    }, info) => {
      const page = await openPage(context, store, database(info));
      const feed = page.getByRole("listbox", { name: "Global feed" });
      // 30 commits of 3 messages: 120 rows, far more than the list shows.
      for (let i = 0; i < 30; i++)
        await page.evaluate((n) => window.devtoolsE2E.register(`f${n}@example.com`, 2), i);
      const last = await page.evaluate(() => window.devtoolsE2E.register("last@example.com", 0));
      await expect(feed.locator(`[data-stream="user-${last}"]`)).toBeInViewport();
      // Scrolled up, a new write does not pull the reader back down.
      await feed.evaluate((el) => {
        el.scrollTop = 0;
      });
      await expect(feed.getByText("#1", { exact: true })).toBeInViewport();
      const height = () => feed.evaluate((el) => el.scrollHeight);
      const before = await height();
      const later = await page.evaluate(() => window.devtoolsE2E.register("later@example.com", 0));
      // Once the panel has shown the write (the list grew), the reader is still at the top.
      await expect.poll(height).toBeGreaterThan(before);
      await expect(feed.getByText("#1", { exact: true })).toBeInViewport();
      await expect(feed.locator(`[data-stream="user-${later}"]`)).toHaveCount(0);
      // Back at the end, it follows again.
      await feed.evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      const again = await page.evaluate(() => window.devtoolsE2E.register("again@example.com", 0));
      await expect(feed.locator(`[data-stream="user-${again}"]`)).toBeInViewport();
      await shot(page, info, "follow");
    });

    test("scrubs to an earlier version, shows the diff, and skips an event to show what it changed", async ({
      context,
    }, info) => {
      const page = await openPage(context, store, database(info));
      const id = await page.evaluate(() => window.devtoolsE2E.register("scrub@example.com", 4));
      await openStream(page, `user-${id}`);
      const state = page.getByTestId("state");
      await expect(state).toContainText('firstName: "Name 4"');
      await expect(state).toContainText("renames: 4");
      await page.locator('[role=option][data-position="2"]').click();
      await expect(page.getByRole("heading", { name: "State at version 2" })).toBeVisible();
      await expect(state).toContainText('firstName: "Name 2"');
      await expect(state).toContainText("renames: 2");
      await expect(page.getByRole("list", { name: "Diff" })).toContainText('"Name 1" → "Name 2"');
      // Step keys on the scrubber move one version at a time.
      await page.getByRole("slider", { name: "Version" }).focus();
      await page.keyboard.press("ArrowLeft");
      await expect(state).toContainText('firstName: "Name 1"');
      // Skip event 1 (the first rename): the final state has one rename fewer.
      await page.getByRole("checkbox", { name: /skip event 1/ }).check();
      await expect(page.getByRole("list", { name: "Skip difference" })).toContainText(
        "renames: 4 → 3",
      );
      await shot(page, info, "state");
    });

    test("marks the snapshot taken once the threshold is crossed, and checks it against a replay", async ({
      context,
    }, info) => {
      const page = await openPage(context, store, database(info));
      const id = await page.evaluate(() => window.devtoolsE2E.register("snap@example.com", 6));
      await openStream(page, `user-${id}`);
      // Threshold 5: the add at version 6 writes a snapshot at 6.
      const row = page.locator('[role=option][data-position="6"]');
      await expect(row.getByText("snapshot")).toBeVisible();
      await expect(page.getByRole("table", { name: "Snapshot check" })).toContainText("ok");
      await shot(page, info, "snapshot");
    });

    test("logs a conflict, and injects one into the next add", async ({ context }, info) => {
      const page = await openPage(context, store, database(info));
      const id = await page.evaluate(() => window.devtoolsE2E.register("race@example.com", 0));
      const message = await page.evaluate((id) => window.devtoolsE2E.conflict(id), id);
      expect(message).toContain("Wrong expected version: 0");
      await page.getByRole("tab", { name: /Log/ }).click();
      await expect(page.locator('[data-kind="conflict"]')).toContainText(
        `user-${id}: expected version 0, stream at 1 (add)`,
      );
      await page.getByRole("tab", { name: "Faults" }).click();
      await page.getByRole("button", { name: /Fail the next add/ }).click();
      await expect(page.getByRole("status")).toContainText("next add conflicts");
      const injected = await page.evaluate((id) => window.devtoolsE2E.rename(id, "Blocked"), id);
      expect(injected).toEqual({ ok: false, error: "ExpectedVersionError" });
      // Only the next add: the one after it goes through.
      expect(await page.evaluate((id) => window.devtoolsE2E.rename(id, "Through"), id)).toEqual({
        ok: true,
      });
      await page.getByRole("tab", { name: /Log/ }).click();
      await expect(page.locator('[data-kind="conflict"]')).toHaveCount(2);
      await shot(page, info, "conflicts");
    });

    test("renders payloads as text: markup in an event runs nothing", async ({ context }, info) => {
      const page = await openPage(context, store, database(info));
      const id = await page.evaluate(() => window.devtoolsE2E.register("xss@example.com", 0));
      const img = '<img src=x onerror="window.xss=1">';
      const script = "<script>window.xss=2</script>";
      await page.evaluate(([id, name]) => window.devtoolsE2E.rename(id, name), [id, img] as const);
      await page.evaluate(([id, name]) => window.devtoolsE2E.rename(id, name), [
        id,
        script,
      ] as const);
      await expect(page.getByText(JSON.stringify({ firstName: img })).first()).toBeVisible();
      await openStream(page, `user-${id}`);
      await page.locator('[role=option][data-position="1"]').click();
      await expect(page.getByText(JSON.stringify(img)).first()).toBeVisible();
      expect(await page.evaluate(() => window.xss)).toBeUndefined();
      expect(await page.locator("strata-devtools img, strata-devtools script").count()).toBe(0);
      await shot(page, info, "xss");
    });

    test("exports NDJSON, imports it into a memory copy of the domain: same messages, same states, commands run on the copy", async ({
      context,
    }, info) => {
      const page = await openPage(context, store, database(info));
      await page.evaluate(() => window.devtoolsE2E.register("export@example.com", 6));
      await page.evaluate(() => window.devtoolsE2E.register("second@example.com", 1));
      await expect(page.getByText("commit · 2 messages")).toBeVisible();
      const downloaded = page.waitForEvent("download");
      await page.getByRole("button", { name: "Export NDJSON" }).click();
      const file = await (await downloaded).path();
      const text = await readFile(file, "utf8");
      const lines = text.trim().split("\n");
      expect(lines).toEqual(await page.evaluate(() => window.devtoolsE2E.dump()));
      // Stored data stays as stored (JSON plus its strataTypes); message times are tagged Dates.
      expect(text).toContain('"strataTypes":{"/joinedOn":"Date"}');
      expect(text).toContain('"time":{"$date":');
      expect(await page.evaluate((t) => window.devtoolsE2E.roundTrip(t), text)).toEqual(lines);
      // Import the file: a MemoryEventStore copy of the domain with the app's own classes.
      await page.locator('strata-devtools input[type="file"]').setInputFiles(file);
      await expect(page.getByRole("status")).toContainText(`(${lines.length} messages)`);
      // What the copy holds, exported again, is the file's messages (ids, streams, positions,
      // types, data, metadata; the copy's store stamps its own write times).
      const again = page.waitForEvent("download");
      await page.getByRole("button", { name: "Export NDJSON" }).click();
      const stored = (ndjson: string) =>
        ndjson
          .trim()
          .split("\n")
          .map((line) => {
            const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
            return rest;
          });
      expect(stored(await readFile(await (await again).path(), "utf8"))).toEqual(stored(text));
      // Every user rebuilds in the copy to the state the live domain loads.
      const ids = [
        ...new Set(
          stored(text)
            .map((m) => String(m.streamName))
            .filter((name) => name.startsWith("user-"))
            .map((name) => name.slice(5)),
        ),
      ];
      expect(ids).toHaveLength(2);
      for (const id of ids) {
        const live = await page.evaluate((i) => window.devtoolsE2E.state(i, "live"), id);
        const copy = await page.evaluate((i) => window.devtoolsE2E.state(i, "import"), id);
        expect(JSON.parse(copy)).toEqual(JSON.parse(live));
      }
      // Commands run against the copy, and the live store does not move.
      const [firstId] = ids as [string];
      const before = await page.evaluate(() => window.devtoolsE2E.dump());
      expect(
        await page.evaluate((i) => window.devtoolsE2E.renameInImport(i, "Imported"), firstId),
      ).toBeGreaterThan(0);
      expect(await page.evaluate(() => window.devtoolsE2E.dump())).toEqual(before);
      const first = `user-${firstId}`;
      await openStream(page, first);
      await expect(page.getByRole("listbox", { name: `Timeline of ${first}` })).toContainText(
        "Renamed",
      );
      await expect(page.getByTestId("state")).toContainText('firstName: "Imported"');
      await expect(page.getByTestId("state")).toContainText(
        "joinedOn: 2024-05-01T10:00:00.000Z Date",
      );
      await shot(page, info, "import");
    });

    test("has no serious accessibility violation (axe-core), in light and dark", async ({
      context,
    }, info) => {
      const page = await openPage(context, store, database(info));
      const id = await page.evaluate(() => window.devtoolsE2E.register("axe@example.com", 3));
      await openStream(page, `user-${id}`);
      for (const theme of ["light", "dark"]) {
        const results = await new AxeBuilder({ page }).include("strata-devtools").analyze();
        const serious = results.violations.filter(
          (v) => v.impact === "serious" || v.impact === "critical",
        );
        expect(
          serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
          theme,
        ).toEqual([]);
        await shot(page, info, `axe-${theme}`);
        await page.getByRole("button", { name: /Switch to/ }).click();
      }
    });
  });
}

test("another tab's write appears in the panel within a second (IndexedDB)", async ({
  context,
}, info) => {
  const db = database(info);
  const panel = await openPage(context, "indexeddb", db);
  const writer = await openPage(context, "indexeddb", db, "mount=none");
  const id = await writer.evaluate(() => window.devtoolsE2E.register("other-tab@example.com", 1));
  await expect(panel.locator(`[data-stream="user-${id}"]`).first()).toBeVisible({ timeout: 1000 });
  await shot(panel, info, "other-tab");
});

test("preferences persist: theme and tab survive a reload", async ({ context }, info) => {
  const page = await openPage(context, "memory", database(info));
  await page.getByRole("tab", { name: "Faults" }).click();
  const before = await page.locator(".sd-root").getAttribute("data-theme");
  await page.getByRole("button", { name: /Switch to/ }).click();
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  await expect(page.getByRole("tab", { name: "Faults" })).toHaveAttribute("aria-selected", "true");
  await expect(page.locator(".sd-root")).not.toHaveAttribute("data-theme", before ?? "");
});

test("host styles do not reach the panel, and the panel adds nothing to the host's head", async ({
  context,
}, info) => {
  const probe = async (path: string) => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/devtools/${path}?store=memory&open=1`);
    await page.waitForSelector("body[data-ready=true]", { state: "attached" });
    await page.getByRole("tab", { name: "Streams" }).click();
    // An empty store: nothing time-dependent on screen, so the two pages' panels can be compared.
    await expect(page.getByText("0 of 0 streams")).toBeVisible();
    const image = await page
      .locator(".sd-dock")
      .screenshot({ path: info.outputPath(`dock-${path.replace(".html", "")}.png`) });
    const styles = await page.evaluate(() => {
      const root = document.querySelector("strata-devtools")?.shadowRoot;
      const props = [
        "font-family",
        "font-size",
        "line-height",
        "color",
        "letter-spacing",
        "word-spacing",
        "text-transform",
        "background-color",
        "display",
      ];
      const pick = (selector: string) => {
        const el = root?.querySelector(selector);
        if (!el) return `missing ${selector}`;
        const style = getComputedStyle(el);
        return props.map((p) => `${p}: ${style.getPropertyValue(p)}`).join("; ");
      };
      const panelStyles = [...document.head.querySelectorAll("style, link")].filter((el) =>
        el.textContent?.includes("sd-root"),
      );
      return {
        root: pick(".sd-root"),
        tab: pick('[role="tab"]'),
        button: pick(".sd-btn"),
        input: pick("input"),
        cell: pick("th"),
        panelStylesInHead: panelStyles.length,
      };
    });
    await shot(page, info, path.replace(".html", ""));
    return { styles, image };
  };
  const hostile = await probe("index.html");
  const plain = await probe("plain.html");
  expect(hostile.styles.panelStylesInHead).toBe(0);
  expect(hostile.styles).toEqual(plain.styles);
  expect(hostile.styles.root).toContain("font-size: 12px");
  // The same pixels, under the hostile page and the plain one.
  expect(hostile.image.equals(plain.image)).toBe(true);
});

test("renders beside a React host app through <StrataDevtools>", async ({ context }, info) => {
  const page = await openPage(context, "memory", database(info), "mount=react");
  await page.getByRole("button", { name: "Open Strata devtools" }).click();
  const id = await page.evaluate(() => window.devtoolsE2E.register("react@example.com", 1));
  await expect(page.locator(`[data-stream="user-${id}"]`).first()).toBeVisible({ timeout: 1000 });
  await shot(page, info, "react-host");
});

test("uses the styleNonce for its one style element", async ({ context }, info) => {
  const page = await openPage(context, "memory", database(info), "open=1&nonce=n0nce");
  const nonce = await page.evaluate(
    () => document.querySelector("strata-devtools")?.shadowRoot?.querySelector("style")?.nonce,
  );
  expect(nonce).toBe("n0nce");
});

test("pins a state path, and copies a stream as a test", async ({ context }, info) => {
  const page = await openPage(context, "memory", database(info));
  const id = await page.evaluate(() => window.devtoolsE2E.register("pin@example.com", 3));
  await openStream(page, `user-${id}`);
  await page.getByRole("button", { name: "Pin renames" }).click();
  await expect(page.getByRole("region", { name: "Pinned path" })).toContainText(
    "renames changed at versions 1, 2, 3",
  );
  // Version 2 selected: events 0-1 are the given, events 2-3 raised and expected.
  await page.locator('[role=option][data-position="2"]').click();
  await page.getByRole("button", { name: "Copy as test" }).click();
  const copied = page.getByRole("region", { name: "Copied test" });
  await expect(copied).toContainText('import { aggregateSpec } from "strata-es/testing";');
  await expect(copied).toContainText('import { User, Registered, Renamed } from "./identity.js";');
  await expect(copied).toContainText(
    'Registered({ email: "pin@example.com", joinedOn: new Date("2024-05-01T10:00:00.000Z") })',
  );
  await expect(copied).toContainText('user.raise(Renamed({ firstName: "Name 2" }));');
  await expect(copied).toContainText(
    '.then(      Renamed({ firstName: "Name 2" }),      Renamed({ firstName: "Name 3" }),    )',
  );
  await copied.scrollIntoViewIfNeeded();
  await shot(page, info, "pin-and-copy");
});

test("works with the keyboard: arrows move through the feed, Enter opens the stream", async ({
  context,
}, info) => {
  const page = await openPage(context, "memory", database(info));
  const id = await page.evaluate(() => window.devtoolsE2E.register("keys@example.com", 2));
  await expect(page.locator(`[data-stream="user-${id}"]`).first()).toBeVisible();
  await page.getByRole("listbox", { name: "Global feed" }).focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(page.locator('[role=option][aria-selected="true"]')).toContainText("Renamed");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("tab", { name: "Stream", exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(page.getByRole("heading", { name: "State at version 1" })).toBeVisible();
  // Tabs: arrow keys move between them.
  await page.getByRole("tab", { name: "Stream", exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: /Log/ })).toHaveAttribute("aria-selected", "true");
  await shot(page, info, "keyboard");
});

test("pops out into its own window", async ({ context }, info) => {
  const page = await openPage(context, "memory", database(info));
  const id = await page.evaluate(() => window.devtoolsE2E.register("popout@example.com", 1));
  const popup = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Pop out" }).click();
  const win = await popup;
  await expect(win.locator(`[data-stream="user-${id}"]`).first()).toBeVisible();
  const next = await page.evaluate(() => window.devtoolsE2E.register("after@example.com", 0));
  await expect(win.locator(`[data-stream="user-${next}"]`).first()).toBeVisible({ timeout: 1000 });
  await win.setViewportSize({ width: 1000, height: 640 });
  await win.screenshot({ path: info.outputPath("popout.png") });
});

test("runs under Trusted Types with no policy: no violation, payloads still text", async ({
  context,
}, info) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/devtools/trusted-types.html?store=memory&open=1`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  const id = await page.evaluate(() => window.devtoolsE2E.register("tt@example.com", 1));
  await page.evaluate((id) => window.devtoolsE2E.rename(id, "<b>bold</b>"), id);
  await openStream(page, `user-${id}`);
  await expect(page.getByText('"<b>bold</b>"').first()).toBeVisible();
  await page.getByRole("tab", { name: "Feed" }).click();
  await page.getByRole("button", { name: /Switch to/ }).click();
  // zod (the fixture domain's schemas) probes for eval with `new Function("")` and catches the
  // refusal; that probe is the app's, not the panel's.
  const violations = await page.evaluate(() => window.violations ?? []);
  expect(violations.filter((v) => !v.startsWith("require-trusted-types-for: Function|"))).toEqual(
    [],
  );
  await shot(page, info, "trusted-types");
});

test("traces a correlation: every event across streams that shares it, each a link", async ({
  context,
}, info) => {
  const page = await openPage(context, "memory", database(info));
  const streams = await page.evaluate(() => window.devtoolsE2E.correlated("order-42", 3));
  await page.evaluate(() => window.devtoolsE2E.correlated("order-7", 1));
  const [first, second, third] = streams as [string, string, string];
  await openStream(page, second);
  const trace = page.getByRole("region", { name: "Correlation trace" });
  await expect(trace).toContainText("Correlation order-42: 3 events");
  await expect(trace.getByRole("listitem")).toHaveCount(3);
  await expect(trace.locator("[aria-current=true]")).toContainText(`${second}@0 Registered`);
  await expect(trace.getByRole("button", { name: `${third}@0 Registered` })).toBeVisible();
  await shot(page, info, "correlation-trace");
  await trace.getByRole("button", { name: `${first}@0 Registered` }).click();
  await expect(page.getByRole("listbox", { name: `Timeline of ${first}` })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Correlation trace" }).locator("[aria-current=true]"),
  ).toContainText(`${first}@0 Registered`);
});
