import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../", import.meta.url));

it("runs the demo that `npm start` runs (a script on the in-memory store)", async () => {
  const { stdout } = await promisify(execFile)("npx", ["tsx", "demo/main.ts"], {
    cwd: root,
    timeout: 60_000,
  });
  expect(stdout).toMatch(/User [0-9a-f-]{36} at _version 3:/);
  expect(stdout).toMatch(/3 {2}Renamed {4}\{"firstName":"Ada Lovelace"\}/);
  expect(stdout).toContain("Snapshot: { version: 2, schemaVersion: 1 }");
}, 90_000);
