// Emits dist/ (ESM + declarations) for every subpath export, from a clean folder.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
execFileSync("node", ["scripts/message-db-sql.mjs"], { stdio: "inherit" });
execFileSync("node", ["scripts/devtools-panel.mjs"], { stdio: "inherit" });
