import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The package's own subpaths, resolved to source so tests and the demo run without a build. */
export const strataAliases = [
  { find: /^strata$/, replacement: here("./core/index.ts") },
  { find: /^strata\/(memory|indexeddb|messagedb)$/, replacement: here("./adapters/$1/index.ts") },
  { find: /^strata\/devtools$/, replacement: here("./devtools/index.ts") },
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
          include: ["core/**/*.test.ts", "adapters/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: ["**/*.browser.test.ts", "**/node_modules/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
