import { type Browser, chromium } from "playwright";
import { createServer, type InlineConfig } from "vite";
import { chromiumLaunchOptions } from "../e2e/chromium-launch.js";

/**
 * Serves `root` with Vite on a free port and launches Chromium, runs `work` with both, then
 * closes them: the setup every in-browser benchmark shares. `vite` adds to the server's config
 * (aliases, a dependency cache of its own).
 *
 * @example
 * const rows = await withServedChromium(pageFolder, async ({ browser, url }) => {
 *   const page = await browser.newPage();
 *   await page.goto(url);
 *   return page.evaluate(() => window.runBench());
 * });
 */
export async function withServedChromium<T>(
  root: string,
  work: (session: { browser: Browser; url: string }) => Promise<T>,
  vite: InlineConfig = {},
): Promise<T> {
  const server = await createServer({
    configFile: false,
    root,
    server: { port: 0, host: "127.0.0.1" },
    logLevel: "warn",
    ...vite,
  });
  await server.listen();
  const browser = await chromium.launch({
    headless: true,
    ...chromiumLaunchOptions,
    // window.gc() and unrounded performance.memory: for benchmarks that report retained memory.
    args: [...chromiumLaunchOptions.args, "--js-flags=--expose-gc", "--enable-precise-memory-info"],
  });
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error("Vite did not report a local URL");
    return await work({ browser, url });
  } finally {
    await browser.close();
    await server.close();
  }
}
