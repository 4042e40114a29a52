import type { Row } from "../../harness.js";

/** What the catch-up bench page exposes to chromium-catch-up.ts. */
export type RunCatchUp = (quick: boolean) => Promise<{ rows: Row[]; seedSeconds: number }>;

declare global {
  interface Window {
    runCatchUp: RunCatchUp;
  }
}
