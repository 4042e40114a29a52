import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { fileURLToPath } from "node:url";
import { build as esbuild } from "esbuild";
import { build as viteBuild } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import webpack from "webpack";

// A tiny app that imports strata-es/devtools from a built copy of the package (in
// node_modules, as an app would), bundled in production mode by Vite, esbuild and webpack.
// The panel's stylesheet carries a class name found nowhere else: if it is in the output, the
// panel is. React DOM's container key tells whether react-dom came along.
const root = fileURLToPath(new URL("../../", import.meta.url));
const work = `${root}.strata-data/devtools-production/`;
const pkg = `${work}node_modules/strata-es/`;
const app = `${work}app/`;
const PANEL_MARKER = "sd-float-button";
const REACT_DOM_MARKER = "__reactContainer$";

function sources(dir: string): string[] {
  return readdirSync(`${root}${dir}`, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => `${root}${dir}/${f}`);
}

function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(`${dir}/${f}`, "utf8"))
    .join("\n");
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  // The package as published: dist/ compiled file by file (esbuild here, tsc in `npm run build`).
  await esbuild({
    entryPoints: [...sources("core"), ...sources("devtools")],
    outdir: `${pkg}dist`,
    outbase: root,
    format: "esm",
    jsx: "automatic",
    logLevel: "silent",
  });
  cpSync(`${root}package.json`, `${pkg}package.json`);
  writeFileSync(
    `${app}main.js`,
    [
      'import { mountDevtools, StrataDevtools, StrataDevtoolsPanel } from "strata-es/devtools";',
      "const stop = mountDevtools(document.body, { domain: globalThis.domain });",
      "globalThis.devtools = [stop, StrataDevtools, StrataDevtoolsPanel];",
      "",
    ].join("\n"),
  );
  writeFileSync(`${app}index.html`, '<script type="module" src="./main.js"></script>\n');
  // The app is a package of its own: without this, bundlers find the repository's package.json
  // (named strata-es) first and resolve "strata-es/devtools" to its unbuilt dist/ by self-reference.
  writeFileSync(`${app}package.json`, '{ "name": "devtools-production-app", "type": "module" }\n');
}, 60_000);

// Leave nothing behind for biome or git to find.
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  // .strata-data may hold other data (PGlite's default directory): remove it only when empty.
  const parent = `${root}.strata-data`;
  if (readdirSync(parent).length === 0) rmdirSync(parent);
});

async function withEsbuild(mode: "production" | "development"): Promise<string> {
  const result = await esbuild({
    entryPoints: [`${app}main.js`],
    bundle: true,
    minify: true,
    write: false,
    format: "esm",
    platform: "browser",
    define: { "process.env.NODE_ENV": JSON.stringify(mode) },
    logLevel: "silent",
  });
  return result.outputFiles.map((f) => f.text).join("\n");
}

async function withVite(): Promise<string> {
  const outDir = `${work}vite-out`;
  // `vite build` in a shell sets NODE_ENV=production (unless set); vitest has set it to "test".
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  await viteBuild({
    configFile: false,
    root: app,
    logLevel: "silent",
    mode: "production",
    build: { outDir, emptyOutDir: true },
  }).finally(() => {
    process.env.NODE_ENV = saved;
  });
  return allText(outDir);
}

async function withWebpack(): Promise<string> {
  const outDir = `${work}webpack-out`;
  await new Promise<void>((resolve, reject) => {
    webpack(
      { mode: "production", entry: `${app}main.js`, output: { path: outDir }, target: "web" },
      (error, stats) => {
        if (error) reject(error);
        else if (stats?.hasErrors()) reject(new Error(stats.toString("errors-only")));
        else resolve();
      },
    );
  });
  return allText(outDir);
}

describe("strata-es/devtools in production builds", () => {
  it("esbuild (NODE_ENV swap, no export conditions) leaves the panel out", async () => {
    const output = await withEsbuild("production");
    expect(output).not.toContain(PANEL_MARKER);
    expect(output).not.toContain(REACT_DOM_MARKER);
    expect(output.length).toBeLessThan(500);
  }, 60_000);

  it("Vite (production condition) leaves the panel out", async () => {
    const output = await withVite();
    expect(output).not.toContain(PANEL_MARKER);
    expect(output).not.toContain(REACT_DOM_MARKER);
    expect(output.length).toBeLessThan(2000);
  }, 60_000);

  it("webpack (production mode) leaves the panel out", async () => {
    const output = await withWebpack();
    expect(output).not.toContain(PANEL_MARKER);
    expect(output).not.toContain(REACT_DOM_MARKER);
    expect(output.length).toBeLessThan(1000);
  }, 60_000);

  it("the same app in development mode does carry the panel (the markers are real)", async () => {
    const output = await withEsbuild("development");
    expect(output).toContain(PANEL_MARKER);
    expect(output).toContain(REACT_DOM_MARKER);
  }, 60_000);
});
