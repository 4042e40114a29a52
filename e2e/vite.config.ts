import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** Serves the e2e fixture pages (the Playwright webServer); they import Strata from source. */
export const E2E_PORT = Number(process.env.STRATA_E2E_PORT ?? 4791);

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("./fixtures"),
  // Its own dependency cache: the demo's Vite server runs beside it under Playwright, and two
  // servers optimizing into one cache answer each other's pages with "504 Outdated Optimize Dep".
  cacheDir: here("../node_modules/.vite-e2e"),
  optimizeDeps: {
    // Found up front, so a first page load never triggers a re-optimization and a reload.
    include: ["react", "react/jsx-runtime", "react-dom/client", "zustand", "dexie", "zod"],
  },
  server: {
    port: E2E_PORT,
    strictPort: true,
    host: "127.0.0.1",
    // node_modules may be a link to another folder (worktrees): PGlite's files are served from there.
    fs: { allow: [here(".."), realpathSync(here("../node_modules"))] },
  },
  logLevel: "warn",
  resolve: {
    // The package's subpaths, from source (as in the root vite.config.ts).
    alias: [
      { find: /^strata-es$/, replacement: here("../core/index.ts") },
      {
        find: /^strata-es\/(memory|indexeddb|messagedb)$/,
        replacement: here("../adapters/$1/index.ts"),
      },
      { find: /^strata-es\/devtools$/, replacement: here("../devtools/index.ts") },
      {
        find: /^strata-es\/devtools\/production$/,
        replacement: here("../devtools/production.ts"),
      },
    ],
  },
});
