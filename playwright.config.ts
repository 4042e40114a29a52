import { defineConfig } from "@playwright/test";
import { DEMO_PORT } from "./demo/vite.config.js";
import { chromiumLaunchOptions } from "./e2e/chromium-launch.js";
import { E2E_PORT } from "./e2e/vite.config.js";

/** End-to-end specs in real Chromium against fixture pages that Vite serves from e2e/fixtures, and the demo. */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 30_000,
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: "chromium",
    headless: true,
    launchOptions: chromiumLaunchOptions,
  },
  webServer: [
    {
      command: "npx vite --config e2e/vite.config.ts",
      url: `http://127.0.0.1:${E2E_PORT}/indexeddb/index.html`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // The demo as `npm start` serves it.
      command: "npx vite --config demo/vite.config.ts --strictPort",
      url: `http://127.0.0.1:${DEMO_PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
