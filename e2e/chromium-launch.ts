import { existsSync } from "node:fs";

/**
 * How every Playwright launch here (vitest browser project, e2e specs, IndexedDB bench) finds
 * Chromium: Debian's package when installed (CI and machines where browsers cannot be
 * downloaded), else Playwright's own on a developer laptop. Headless, quiet, no sandbox (CI runs
 * as root in containers).
 */
export const chromiumLaunchOptions: { executablePath?: string; args: string[] } = {
  ...(existsSync("/usr/bin/chromium") ? { executablePath: "/usr/bin/chromium" } : {}),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
