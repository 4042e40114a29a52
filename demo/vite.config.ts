import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { strataAliases } from "../vite.config.js";

/** The demo app: `npm start` serves it, `npm run build:demo` builds it as static files. */
export const DEMO_PORT = Number(process.env.STRATA_DEMO_PORT ?? 4800);

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // Its own dependency cache (Playwright runs the e2e fixtures' Vite server beside this one).
  cacheDir: fileURLToPath(new URL("../node_modules/.vite-demo", import.meta.url)),
  plugins: [react()],
  resolve: { alias: strataAliases },
  server: { port: DEMO_PORT, host: "127.0.0.1" },
  preview: { port: DEMO_PORT, host: "127.0.0.1" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
});
