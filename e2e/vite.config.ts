import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** Serves the e2e fixture pages (the Playwright webServer); they import Strata from source. */
export const E2E_PORT = Number(process.env.STRATA_E2E_PORT ?? 4791);

export default defineConfig({
  root: fileURLToPath(new URL("./fixtures", import.meta.url)),
  server: { port: E2E_PORT, strictPort: true, host: "127.0.0.1" },
  logLevel: "warn",
});
