import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { chromiumLaunchOptions } from "./e2e/chromium-launch.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The package's own subpaths, resolved to source so tests and the demo run without a build. */
export const strataAliases = [
  { find: /^strata-es$/, replacement: here("./core/index.ts") },
  { find: /^strata-es\/store-kit$/, replacement: here("./core/store-kit.ts") },
  {
    find: /^strata-es\/store-kit\/conformance$/,
    replacement: here("./adapters/conformance/index.ts"),
  },
  {
    find: /^strata-es\/(memory|indexeddb|messagedb)$/,
    replacement: here("./adapters/$1/index.ts"),
  },
  { find: /^strata-es\/devtools$/, replacement: here("./devtools/index.ts") },
  { find: /^strata-es\/(testing|playwright)$/, replacement: here("./$1/index.ts") },
  { find: /^strata-es\/react$/, replacement: here("./react/index.ts") },
  { find: /^strata-es\/devtools\/production$/, replacement: here("./devtools/production.ts") },
  { find: /^strata-es\/otel$/, replacement: here("./otel/index.ts") },
  { find: /^strata-es\/devtools\/node$/, replacement: here("./devtools/node/index.ts") },
];

export default defineConfig({
  resolve: { alias: strataAliases },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: [
            "core/**/*.test.ts",
            "adapters/**/*.test.ts",
            "testing/**/*.test.ts",
            "tests/**/*.test.ts",
            "react/**/*.test.{ts,tsx}",
          ],
          exclude: ["**/*.browser.test.ts", "**/*.stress.test.ts", "**/node_modules/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // Long load and fault runs against Postgres: `npm run test:stress` (CI runs it after npm test).
      ...(process.env.STRATA_STRESS
        ? [
            {
              extends: true as const,
              test: {
                name: "stress",
                environment: "node" as const,
                include: ["**/*.stress.test.ts"],
                exclude: ["**/node_modules/**"],
                testTimeout: 600_000,
                hookTimeout: 60_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
      {
        extends: true,
        // node_modules may be a link to another folder (worktrees): let Vite serve those files.
        server: { fs: { allow: [here("."), realpathSync(here("./node_modules"))] } },
        test: {
          name: "browser",
          include: ["**/*.browser.test.ts"],
          exclude: ["**/node_modules/**", "**/dist/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
    ],
  },
});
