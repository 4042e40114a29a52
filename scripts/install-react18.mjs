// Installs e2e/react18 (React 18 for the panel's React 18 e2e) from its lockfile when it is
// missing: the repository's own React is 19, and npm cannot hold both at the top level.
// Run by e2e/devtools-react18.spec.ts; retries, as .ci/run does, when the registry is slow.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const folder = fileURLToPath(new URL("../e2e/react18", import.meta.url));
if (!existsSync(`${folder}/node_modules/react-dom/package.json`)) {
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: folder, stdio: "inherit" });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      execFileSync("sleep", ["10"]);
    }
  }
}
