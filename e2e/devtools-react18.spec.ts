import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { build, type Plugin } from "esbuild";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Every import of react or react-dom (the app's, the panel's, zustand's) from e2e/react18. */
function react18(): Plugin {
  const require18 = createRequire(here("./react18/package.json"));
  return {
    name: "react18",
    setup(b) {
      b.onResolve({ filter: /^react(-dom)?(\/.*)?$/ }, (args) => ({
        path: require18.resolve(args.path),
      }));
    },
  };
}

let bundle = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  execFileSync("node", [here("../scripts/install-react18.mjs")], { stdio: "inherit" });
  const result = await build({
    entryPoints: [here("./react18/app.tsx")],
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"development"' },
    plugins: [react18()],
    logLevel: "error",
  });
  bundle = result.outputFiles[0]?.text ?? "";
});

test("the panel renders beside a React 18 app and shows its writes live", async ({
  page,
}, info) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: bundle });
  expect(
    await page.evaluate(() => (window as unknown as { reactVersion: string }).reactVersion),
  ).toMatch(/^18\./);
  await expect(page.getByRole("heading", { name: /React 18\.\d+\.\d+ host/ })).toBeVisible();
  await expect(page.getByRole("tablist", { name: "Views" })).toBeVisible();
  await page.getByRole("button", { name: "Add a user" }).click();
  const id = await page.getByRole("list", { name: "Added" }).locator("li").first().textContent();
  await expect(page.locator(`[data-stream="user-${id}"]`).first()).toBeVisible({ timeout: 1000 });
  await page.getByRole("tab", { name: "Streams" }).click();
  await page.locator(`[role=option][data-stream="user-${id}"]`).click();
  await expect(page.getByRole("heading", { name: "State at version 0" })).toBeVisible();
  expect(errors).toEqual([]);
  await page.screenshot({ path: info.outputPath("react18.png") });
});
