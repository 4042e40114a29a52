import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../", import.meta.url));

it("runs the demo that `npm start` runs, on embedded MessageDB", async () => {
  const { stdout } = await promisify(execFile)("npx", ["tsx", "demo/main.ts"], {
    cwd: root,
    timeout: 60_000,
  });
  expect(stdout).toMatch(/User [0-9a-f-]{36} at _version 3:/);
  expect(stdout).toMatch(/3 {2}Renamed {4}\{"firstName":"Ada Lovelace"\}/);
  expect(stdout).toMatch(
    /Snapshot: \{\s+version: 2,\s+schemaVersion: 1,\s+strataFingerprint: '\w+'\s+\}/,
  );
}, 90_000);
