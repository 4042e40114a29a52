import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import pg from "pg";
import { installMessageDb } from "../adapters/messagedb/installer.js";
import { call } from "../tests/devtools-node/http.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const serverUrl = process.env.STRATA_TEST_DATABASE_URL;

/** Starts a Node process (tsx from source) and resolves with the first stdout line matching `find`. */
function start(
  args: string[],
  find: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; lines: string[] }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`no ${find} in: ${lines.join("\n")}`)), 30_000);
    child.stderr?.on("data", (chunk: Buffer) => lines.push(String(chunk)));
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += String(chunk);
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        const match = find.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({ child, match, lines });
        }
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${lines.join("\n")}`)));
  });
}

/** The next stdout line of `child` as JSON. */
function nextJson(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      const line = String(chunk).trim().split("\n").at(-1) as string;
      child.stdout?.off("data", onData);
      resolve(JSON.parse(line));
    };
    child.stdout?.on("data", onData);
  });
}

/**
 * Asks for the page's script once: run from source, the bridge bundles it with esbuild on the first
 * request (the published package ships it built), which must not count against a test's time.
 */
async function warm(url: string): Promise<void> {
  const token = new URL(url).searchParams.get("token") as string;
  const answer = await call(`${new URL(url).origin}/panel.js`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(answer.status).toBe(200);
}

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`) });
}

/** Opens a stream from the Streams tab. */
async function openStream(page: Page, stream: string): Promise<void> {
  await page.getByRole("tab", { name: "Streams" }).click();
  const row = page.locator(`[role=option][data-stream="${stream}"]`);
  await expect(row).toBeVisible({ timeout: 5000 });
  await row.click();
  await expect(page.getByRole("tab", { name: "Stream", exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
}

// Two Node processes besides the browser on a shared machine: more time than the default 30 s.
test.describe.configure({ timeout: 90_000 });

test.describe("devtools for Node: the CLI bridge on PostgreSQL", () => {
  test.skip(!serverUrl, "needs STRATA_TEST_DATABASE_URL");
  const name = `strata_e2e_${Math.random().toString(16).slice(2, 10)}`;
  let url: string;
  let bridge: ChildProcess | undefined;
  let databaseUrl: string;

  test.beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(serverUrl as string);
    parsed.pathname = `/${name}`;
    databaseUrl = parsed.toString();
    await installMessageDb(databaseUrl);
    const started = await start(
      ["cli/strata-es.ts", "devtools", "--database-url", databaseUrl, "--port", "0"],
      /open (http\S+)/,
    );
    bridge = started.child;
    url = started.match[1] as string;
    await warm(url);
  });

  test.afterAll(async () => {
    bridge?.kill("SIGTERM");
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  const write = async (env: Record<string, string>) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "e2e/devtools-node/writer.ts"],
      {
        cwd: root,
        env: { ...process.env, STRATA_WRITER_URL: databaseUrl, ...env },
      },
    );
    return JSON.parse(stdout.trim().split("\n").at(-1) as string) as {
      id: string;
      committed: number[];
    };
  };

  test("a separate process writes while the panel is open: the stream, its new events and a snapshot marker appear", async ({
    page,
  }, info) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { state: "attached" });
    // The token went into a cookie: it is no longer in the address bar.
    expect(new URL(page.url()).search).toBe("");
    await expect(page.getByRole("status").first()).toContainText("live");
    const { id } = await write({ STRATA_WRITER_RENAMES: "4" });
    const stream = `user-${id}`;
    await openStream(page, stream);
    const timeline = page.getByRole("listbox", { name: `Timeline of ${stream}` });
    await expect(timeline.locator("[data-position]")).toHaveCount(5);
    await expect(timeline.locator(".sd-snap", { hasText: "snapshot" })).toBeVisible();
    await expect(page.getByText("State needs the app's apply handlers")).toBeVisible();
    await shot(page, info, "cli-stream-with-snapshot");

    await write({ STRATA_WRITER_USER: id, STRATA_WRITER_RENAMES: "2" });
    await expect(timeline.locator("[data-position]")).toHaveCount(7, { timeout: 3000 });
    await expect(timeline.locator('[data-position="6"]')).toBeVisible();
    await page.getByRole("tab", { name: "Feed" }).click();
    await expect(page.locator(`[data-stream="${stream}"]`).first()).toBeVisible();
    await shot(page, info, "cli-feed-live");
  });

  test("refuses a request without the token, and one with a foreign Host header", async ({
    page,
  }, info) => {
    const origin = new URL(url).origin;
    const answer = await page.goto(`${origin}/`);
    expect(answer?.status()).toBe(401);
    await expect(page.locator("body")).toContainText("Missing or wrong token");
    await shot(page, info, "cli-no-token");
    const token = new URL(url).searchParams.get("token") as string;
    const port = Number(new URL(url).port);
    const foreign = await call(`${origin}/api/info?token=${token}`, {
      headers: { Host: `rebind.example:${port}` },
    });
    expect(foreign.status).toBe(421);
    const own = await call(`${origin}/api/info?token=${token}`);
    expect(own.status).toBe(200);
  });
});

test.describe("devtools for Node: serveDevtools in an app on PGlite", () => {
  let app: ChildProcess | undefined;
  let url: string;

  test.beforeAll(async () => {
    const started = await start(["e2e/devtools-node/app.ts"], /"url":"(http[^"]+)"/);
    app = started.child;
    url = started.match[1] as string;
    await warm(url);
  });

  test.afterAll(() => {
    app?.kill("SIGTERM");
  });

  test("shows the app's writes live, with the state rebuilt by the app and a snapshot marker", async ({
    page,
  }, info) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { state: "attached" });
    const child = app as ChildProcess;
    const registered = nextJson(child);
    child.stdin?.write("register\n");
    const { id } = (await registered) as { id: string };
    for (let i = 0; i < 4; i++) {
      const renamed = nextJson(child);
      child.stdin?.write(`rename ${id}\n`);
      await renamed;
    }
    const stream = `user-${id}`;
    await openStream(page, stream);
    const timeline = page.getByRole("listbox", { name: `Timeline of ${stream}` });
    await expect(timeline.locator("[data-position]")).toHaveCount(5);
    await expect(timeline.locator(".sd-snap", { hasText: "snapshot" })).toBeVisible();
    await expect(
      page.getByRole("heading", { name: "State at version 4 (rebuilt by the app)" }),
    ).toBeVisible();
    await expect(page.getByTestId("state")).toContainText("app@example.com");
    await timeline.locator('[data-position="0"]').click();
    await expect(
      page.getByRole("heading", { name: "State at version 0 (rebuilt by the app)" }),
    ).toBeVisible();
    await shot(page, info, "app-state");
    await page.getByRole("tab", { name: /Log/ }).click();
    await shot(page, info, "app-log");
  });
});
